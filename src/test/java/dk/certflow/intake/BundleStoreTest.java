package dk.certflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleStoreTest {

    private static final byte[] PKCS12 = {0x30, (byte) 0x82, 0x01, 0x02, 0x03};

    @TempDir
    Path dir;
    private Path drop;
    private Path original;
    private Path sidecar;
    private Path day;
    private BundleStore store;

    @BeforeEach
    void dropABundle() throws IOException {
        drop = Files.createDirectories(dir.resolve("drop"));
        original = Files.write(drop.resolve("b1.p12"), PKCS12);
        sidecar = Files.writeString(drop.resolve("b1.properties"), "password=Kodeord-1\n");
        day = dir.resolve("archive/2026/12/02");
        store = new BundleStore(dir.resolve("rejected"), dir.resolve("archive"),
                Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC), "node-a");
    }

    @Test
    void archivesTheOriginalAndItsFilesAndLeavesNothingElse() throws Exception {
        Path placed = store.archive("b1.p12", original, sidecar, Map.of("b1.properties", "password=<redacted>\n"));

        assertThat(placed).isEqualTo(day.resolve("b1"));
        assertThat(placed.resolve("b1.p12")).hasBinaryContent(PKCS12);
        assertThat(placed.resolve("b1.properties")).hasContent("password=<redacted>\n");
        assertThat(filesUnder(dir)).containsExactlyInAnyOrder(placed.resolve("b1.p12"), placed.resolve("b1.properties"));
    }

    /**
     * The original has left the drop folder and the rename into place fails (here a file is in the way of the day's
     * folder; a kill at that moment leaves the same): recovery finishes the bundle instead of throwing the original away.
     */
    @Test
    void aBundleStoppedAtTheRenameIsFinishedByRecovery() throws Exception {
        Files.createDirectories(day.getParent());
        Files.writeString(day, "in the way");

        assertThatThrownBy(() -> store.archive("b1.p12", original, sidecar, Map.of("b1.properties", "password=<redacted>\n")))
                .isInstanceOf(IOException.class);
        assertThat(original).doesNotExist();
        assertThat(sidecar).doesNotExist();

        Files.delete(day);
        List<Path> finished = store.recover();

        assertThat(finished).containsExactly(day.resolve("b1"));
        assertThat(day.resolve("b1/b1.p12")).hasBinaryContent(PKCS12);
        assertThat(filesUnder(dir)).containsExactlyInAnyOrder(day.resolve("b1/b1.p12"), day.resolve("b1/b1.properties"));
    }

    /** Killed after the original moved into staging but before it was made owner-only: recovery makes it so. */
    @Test
    void recoveryMakesTheOriginalOwnerOnly() throws Exception {
        Files.createDirectories(day.getParent());
        Files.writeString(day, "in the way");
        assertThatThrownBy(() -> store.archive("b1.p12", original, sidecar, Map.of())).isInstanceOf(IOException.class);
        Path staged;
        try (Stream<Path> walk = Files.walk(dir.resolve("archive"))) {
            staged = walk.filter(p -> p.getFileName().toString().equals("b1.p12")).findFirst().orElseThrow();
        }
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-r--r--")); // as the dropping user left it
        Files.delete(day);

        store.recover();

        assertThat(Files.getPosixFilePermissions(day.resolve("b1/b1.p12"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aStagingWhoseOriginalNeverMovedIsThrownAwayAndTheOriginalStays() throws Exception {
        Path gone = dir.resolve("gone.p12");
        Files.move(original, gone); // the move into staging fails: the original is not where it was
        assertThatThrownBy(() -> store.archive("b1.p12", original, sidecar, Map.of())).isInstanceOf(IOException.class);
        Files.move(gone, original); // ... and it is back, as it would be had the node been killed before the move

        assertThat(store.recover()).isEmpty();

        assertThat(filesUnder(dir)).containsExactlyInAnyOrder(original, sidecar);
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
