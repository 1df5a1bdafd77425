package dk.certflow.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails after the database was opened closes it again: nothing of it stays behind in the process. */
class FailedStartTest {

    @TempDir
    Path temp;

    @Test
    void aStartStoppedByAnUnusableSecretKeyLeavesTheDatabaseClosed() throws Exception {
        Path data = temp.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("secret.key"), Base64.getEncoder().encodeToString(new byte[16])); // not a 256-bit key

        assertThatThrownBy(() -> RunningService.start(data, RunningService.settings(
                "certflow.db.url", "jdbc:h2:file:" + data.resolve("db/certflow"), "certflow.revocation.mode", "off"), null))
                .hasStackTraceContaining("does not hold a 256-bit key");

        Path file = data.resolve("db/certflow.mv.db");
        assertThat(file).as("the database was opened before the key was read").exists();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            assertThat(lock).as("H2 holds its file locked while open").isNotNull();
        }
    }
}
