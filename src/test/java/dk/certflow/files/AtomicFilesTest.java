package dk.certflow.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path temp;

    @Test
    void writesTextAsUtf8OwnerOnly() throws Exception {
        Path file = temp.resolve("record.json");

        AtomicFiles.writeString(file, "{\"name\": \"Kødpålæg\"}");

        assertThat(Files.readAllBytes(file)).isEqualTo("{\"name\": \"Kødpålæg\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(fileNames(temp)).containsExactly("record.json");
    }

    @Test
    void replacesAnExistingFileWithANewOne() throws Exception {
        Path file = Files.writeString(temp.resolve("data"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path oldInode = Files.createLink(temp.resolve("link-to-old"), file);

        AtomicFiles.write(file, "new".getBytes(StandardCharsets.US_ASCII));

        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(Files.readString(oldInode)).isEqualTo("old");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(fileNames(temp)).containsExactlyInAnyOrder("data", "link-to-old");
    }

    @Test
    void removesTheTemporaryFileWhenTheRenameFails() throws Exception {
        Path occupied = Files.createDirectory(temp.resolve("occupied"));
        Files.writeString(occupied.resolve("inside"), "x");

        assertThatThrownBy(() -> AtomicFiles.write(occupied, new byte[] {1, 2, 3})).isInstanceOf(IOException.class);

        assertThat(fileNames(temp)).containsExactly("occupied");
    }

    @Test
    void createsMissingDirectoriesOwnerOnlyAndLeavesExistingOnesAlone() throws Exception {
        Path existing = Files.createDirectory(temp.resolve("existing"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));
        Path created = existing.resolve("x/y");

        AtomicFiles.createOwnerOnlyDirectories(created);
        AtomicFiles.createOwnerOnlyDirectories(created);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing.resolve("x")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rwx------");
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    @Test
    void ofProcessesRacingToCreateAFileOneWritesItWholeOwnerOnlyAndTheOthersKeepIt() throws Exception {
        Path key = temp.resolve("secret.key");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> racers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                byte[] content = ("writer " + i).getBytes(StandardCharsets.UTF_8);
                racers.add(pool.submit(() -> AtomicFiles.createOnce(key, content)));
            }
            int created = 0;
            for (Future<Boolean> racer : racers) {
                created += racer.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        String kept = Files.readString(key);
        assertThat(kept).matches("writer [0-7]");
        assertThat(AtomicFiles.createOnce(key, new byte[] {1})).isFalse();
        assertThat(Files.readString(key)).isEqualTo(kept);
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).as("no temporary file left").containsExactly(key);
        }
    }
    /**
     * A named pipe dropped in (by another user, certflow could not change its mode and would copy it instead, and opening
     * a pipe waits for a writer forever) is left as it is: only a regular file has content to protect.
     */
    @Test
    void restrictingLeavesANamedPipeAsItIs() throws Exception {
        Path pipe = temp.resolve("x.p12");
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "0644", pipe.toString()).redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo");

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> AtomicFiles.restrictToOwner(pipe));

        assertThat(Files.getPosixFilePermissions(pipe)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }
}
