package dk.certflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dk.certflow.findings.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latest refusals, read back from what certflow keeps in rejected/. */
class RefusalsTest {

    @TempDir
    Path rejected;

    @Test
    void theNewestComeFirstWithTheirFindings() throws Exception {
        refusal("20260101-080000-old", "old.p12", "2026-01-01T08:00:00Z", "UNREADABLE", "ERROR", "not a PKCS#12 file");
        refusal("20260301-080000-newest", "newest.p12", "2026-03-01T08:00:00Z", "PASSWORD_INCORRECT", "ERROR", "the password does not open it");
        refusal("20260201-080000-middle", "middle.pem", "2026-02-01T08:00:00Z", "EXPIRED", "ERROR", "expired on 2026-01-31");
        Files.createDirectories(rejected.resolve(".staging-1234"));
        Files.writeString(rejected.resolve(".staging-1234/reason.json"), "{}");
        Files.createDirectories(rejected.resolve("20260401-080000-no-reason"));

        var latest = new Refusals(rejected).latest(2);

        assertThat(latest).extracting(Refusals.Refusal::file).containsExactly("newest.p12", "middle.pem");
        Refusals.Refusal newest = latest.get(0);
        assertThat(newest.folder()).isEqualTo("20260301-080000-newest");
        assertThat(newest.at()).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
        assertThat(newest.reasons()).containsExactly(new Refusals.Reason("PASSWORD_INCORRECT", Severity.ERROR, "the password does not open it"),
                new Refusals.Reason("EXPIRES_SOON", Severity.WARNING, "a warning beside it"));
    }

    @Test
    void noFolderOrADamagedReasonIsNoRefusal() throws Exception {
        assertThat(new Refusals(rejected.resolve("missing")).latest(10)).isEmpty();
        Files.createDirectories(rejected.resolve("20260101-080000-damaged"));
        Files.writeString(rejected.resolve("20260101-080000-damaged/reason.json"), "{\"file\": ");
        refusal("20260102-080000-fine", "fine.p12", "2026-01-02T08:00:00Z", "UNREADABLE", "ERROR", "no");
        assertThat(new Refusals(rejected).latest(10)).extracting(Refusals.Refusal::file).containsExactly("fine.p12");
    }

    private void refusal(String folder, String file, String at, String code, String severity, String message) throws Exception {
        Path dir = Files.createDirectories(rejected.resolve(folder));
        Path reason = Files.writeString(dir.resolve("reason.json"), """
                {"file": "%s", "valid": false, "findings": [
                  {"code": "%s", "severity": "%s", "message": "%s"},
                  {"code": "EXPIRES_SOON", "severity": "WARNING", "message": "a warning beside it"}
                ], "certificate": null}
                """.formatted(file, code, severity, message));
        Files.setLastModifiedTime(reason, FileTime.from(Instant.parse(at)));
    }
}
