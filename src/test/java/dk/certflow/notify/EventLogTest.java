package dk.certflow.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** events.jsonl: one line per event, owner-only, and started again when an operator rotates or removes it. */
class EventLogTest {

    @TempDir
    Path temp;

    @Test
    void appendsOwnerOnlyLinesAndStartsAgainAfterARotation() throws Exception {
        EventLog log = new EventLog(temp.resolve("data").resolve("events.jsonl"));
        log.append(event("first"));
        log.append(event("second"));
        assertThat(Files.readAllLines(log.file())).hasSize(2).anySatisfy(line -> assertThat(line).contains("second"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file()))).isEqualTo("rw-------");

        Files.move(log.file(), temp.resolve("events.jsonl.1")); // logrotate
        log.append(event("third"));

        assertThat(Files.readAllLines(log.file())).singleElement().satisfies(line -> assertThat(line).contains("third"));
        assertThat(Files.readAllLines(temp.resolve("events.jsonl.1"))).hasSize(2);
    }

    private static Event event(String text) {
        return new Event(Event.BUNDLE_ACCEPTED, Event.Severity.INFO, text, null, null, null, Instant.now());
    }
}
