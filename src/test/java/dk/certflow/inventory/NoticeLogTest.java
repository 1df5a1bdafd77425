package dk.certflow.inventory;

import dk.certflow.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NoticeLogTest {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path tempDir;

    private TestDatabases.TestDatabase testDatabase;
    private Database database;
    private NoticeLog notices;
    private String fingerprint;

    @BeforeEach
    void open() {
        testDatabase = TestDatabases.create(tempDir);
        database = testDatabase.open();
        MutableClock clock = new MutableClock(NOW);
        notices = new NoticeLog(database, clock);
        NewCertificate certificate = TestCertificates.certificate("notices", "12345674", "CVR",
                Instant.parse("2026-05-01T00:00:00Z"));
        fingerprint = new CertificateInventory(database, clock).record(certificate).certificate().fingerprint();
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    @Test
    void aNoticeIsMarkedSentOnlyOnce() {
        assertThat(notices.lastThresholdNotified(fingerprint, DeadlineKind.CERTIFICATE)).isEmpty();

        assertThat(notices.markNoticeSent(fingerprint, DeadlineKind.CERTIFICATE, 60, "certificate.expiring", "WARNING"))
                .isTrue();
        assertThat(notices.markNoticeSent(fingerprint, DeadlineKind.CERTIFICATE, 60, "certificate.expiring", "WARNING"))
                .isFalse();
        assertThat(notices.markNoticeSent(fingerprint, DeadlineKind.AUTHORIZATION, 60, "authorization.expiring",
                "WARNING")).isTrue();
    }

    @Test
    void theLastThresholdIsTheClosestToTheDeadlinePerKind() {
        notices.markNoticeSent(fingerprint, DeadlineKind.CERTIFICATE, 90, "certificate.expiring", "INFO");
        notices.markNoticeSent(fingerprint, DeadlineKind.CERTIFICATE, 60, "certificate.expiring", "WARNING");
        notices.markNoticeSent(fingerprint, DeadlineKind.AUTHORIZATION, 30, "authorization.expiring", "WARNING");

        assertThat(notices.lastThresholdNotified(fingerprint, DeadlineKind.CERTIFICATE)).contains(60);
        assertThat(notices.lastThresholdNotified(fingerprint, DeadlineKind.AUTHORIZATION)).contains(30);
        assertThat(notices.lastThresholdNotified("0".repeat(64), DeadlineKind.CERTIFICATE)).isEmpty();
        // the same, for every certificate in one query
        assertThat(notices.lastThresholdsNotified()).containsOnly(
                java.util.Map.entry(NoticeLog.key(fingerprint, DeadlineKind.CERTIFICATE), 60),
                java.util.Map.entry(NoticeLog.key(fingerprint, DeadlineKind.AUTHORIZATION), 30));
    }

    @Test
    void ofConcurrentWatchesExactlyOneMarksTheNotice() throws Exception {
        List<Boolean> results = CertificateInventoryTest.runConcurrently(8, () -> notices.markNoticeSent(
                fingerprint, DeadlineKind.CERTIFICATE, 14, "certificate.expiring", "CRITICAL"));

        assertThat(results).containsOnlyOnce(true).filteredOn(marked -> !marked).hasSize(7);
    }

    @Test
    void sentNoticesAreRememberedAfterReopeningTheDatabase() {
        notices.markNoticeSent(fingerprint, DeadlineKind.CERTIFICATE, 7, "certificate.expiring", "CRITICAL");
        database.close();

        database = testDatabase.open();
        NoticeLog reopened = new NoticeLog(database, new MutableClock(NOW.plusSeconds(3600)));

        assertThat(reopened.lastThresholdNotified(fingerprint, DeadlineKind.CERTIFICATE)).contains(7);
        assertThat(reopened.markNoticeSent(fingerprint, DeadlineKind.CERTIFICATE, 7, "certificate.expiring",
                "CRITICAL")).isFalse();
    }
}
