package dk.certflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropFolderTest {

    @TempDir
    Path dir;

    /**
     * A file over the size limit is ready at once, to be refused as too large: it is not read to see whether it is
     * whole (a file that never parses would be read again at every look for the whole sidecar wait).
     */
    @Test
    void aFileOverTheSizeLimitIsReadyAtOnceWithoutBeingReadForCompleteness() throws Exception {
        byte[] neverWhole = new byte[4096];
        neverWhole[0] = 0x30;
        neverWhole[1] = (byte) 0x80; // BER indefinite length: whole only when it parses to its end, which this never does
        Path file = Files.write(dir.resolve("big.p12"), neverWhole);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(2)));

        assertThat(new DropFolder(dir, Duration.ofSeconds(30), false, 1024, Clock.systemUTC()).isReady(file)).isTrue();
        assertThat(new DropFolder(dir, Duration.ofSeconds(30), false, 8192, Clock.systemUTC()).isReady(file))
                .as("under the limit, it waits to be whole").isFalse();
    }
}
