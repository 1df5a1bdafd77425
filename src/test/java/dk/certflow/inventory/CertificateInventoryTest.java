package dk.certflow.inventory;

import dk.certflow.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dk.certflow.inventory.TestCertificates.certificate;
import static org.assertj.core.api.Assertions.assertThat;

class CertificateInventoryTest {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    private static final String CVR = "12345674";
    private static final String OTHER_CVR = "25052943";

    @TempDir
    Path tempDir;

    private TestDatabases.TestDatabase testDatabase;
    private Database database;
    private MutableClock clock;
    private CertificateInventory inventory;

    @BeforeEach
    void open() {
        testDatabase = TestDatabases.create(tempDir);
        database = testDatabase.open();
        clock = new MutableClock(NOW);
        inventory = new CertificateInventory(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    @Test
    void recordsACertificateWithEveryField() {
        NewCertificate certificate = certificate("first", CVR, "CVR", Instant.parse("2027-06-30T23:59:59Z"));

        RecordResult result = inventory.record(certificate);

        assertThat(result.outcome()).isEqualTo(RecordResult.Outcome.ACCEPTED);
        assertThat(result.superseded()).isEmpty();
        CertificateRecord expected = new CertificateRecord(certificate.fingerprint(), certificate.sha1Thumbprint(),
                CVR, certificate.organisation(), certificate.subject(), certificate.issuer(),
                certificate.serialNumber(), certificate.uuid(), "test", "CVR", certificate.notBefore(),
                certificate.notAfter(), certificate.authorizationExpiry(), certificate.sourceFile(),
                certificate.outDir(), CertificateStatus.ACTIVE, null, UploadStatus.PENDING, null, NOW, NOW);
        assertThat(result.certificate()).isEqualTo(expected);
        assertThat(inventory.find(certificate.fingerprint())).contains(expected);
    }

    @Test
    void recordsNullableFieldsAsNull() {
        NewCertificate full = certificate("sparse", CVR, "CVR", Instant.parse("2027-06-30T23:59:59Z"));
        NewCertificate sparse = new NewCertificate(full.fingerprint(), full.sha1Thumbprint(), CVR, null,
                full.subject(), full.issuer(), full.serialNumber(), null, "production", "CVR", full.notBefore(),
                full.notAfter(), null, full.sourceFile(), null, UploadStatus.DISABLED);

        inventory.record(sparse);

        assertThat(inventory.find(full.fingerprint())).hasValueSatisfying(stored -> {
            assertThat(stored.organisation()).isNull();
            assertThat(stored.uuid()).isNull();
            assertThat(stored.authorizationExpiry()).isNull();
            assertThat(stored.outDir()).isNull();
            assertThat(stored.uploadStatus()).isEqualTo(UploadStatus.DISABLED);
        });
    }

    @Test
    void recordingTheSameFingerprintAgainIsADuplicateAndChangesNothing() {
        NewCertificate certificate = certificate("twice", CVR, "CVR", Instant.parse("2027-06-30T23:59:59Z"));
        CertificateRecord first = inventory.record(certificate).certificate();
        clock.advance(Duration.ofHours(3));

        RecordResult again = inventory.record(certificate);

        assertThat(again.isDuplicate()).isTrue();
        assertThat(again.certificate()).isEqualTo(first);
        assertThat(again.superseded()).isEmpty();
        assertThat(inventory.all()).containsExactly(first);
    }

    @Test
    void ofConcurrentCallersRecordingOneFingerprintExactlyOneIsAccepted() throws Exception {
        NewCertificate certificate = certificate("race", CVR, "CVR", Instant.parse("2027-06-30T23:59:59Z"));
        int callers = 8;
        List<RecordResult> results = runConcurrently(callers, () -> inventory.record(certificate));

        assertThat(results).filteredOn(result -> result.outcome() == RecordResult.Outcome.ACCEPTED).hasSize(1);
        assertThat(results).filteredOn(RecordResult::isDuplicate).hasSize(callers - 1)
                .allSatisfy(result -> assertThat(result.certificate().fingerprint())
                        .isEqualTo(certificate.fingerprint()));
        assertThat(inventory.all()).hasSize(1);
    }

    @Test
    void aRenewalSupersedesTheEarlierActiveCertificateOfTheSameCvrAndProfile() {
        NewCertificate older = certificate("older", CVR, "CVR", Instant.parse("2026-05-01T12:00:00Z"));
        NewCertificate otherProfile = certificate("other-profile", CVR, "DAF", Instant.parse("2026-04-01T12:00:00Z"));
        NewCertificate otherCvr = certificate("other-cvr", OTHER_CVR, "CVR", Instant.parse("2026-04-02T12:00:00Z"));
        for (NewCertificate certificate : List.of(older, otherProfile, otherCvr)) {
            inventory.record(certificate);
        }
        clock.advance(Duration.ofDays(1));
        NewCertificate renewal = certificate("renewal", CVR, "CVR", Instant.parse("2029-03-01T12:00:00Z"));

        RecordResult result = inventory.record(renewal);

        assertThat(result.superseded()).containsExactly(new SupersededCertificate(older.fingerprint(), older.notAfter()));
        assertThat(result.certificate().status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(inventory.find(older.fingerprint())).hasValueSatisfying(stored -> {
            assertThat(stored.status()).isEqualTo(CertificateStatus.SUPERSEDED);
            assertThat(stored.supersededBy()).isEqualTo(renewal.fingerprint());
            assertThat(stored.updatedAt()).isEqualTo(clock.instant());
            assertThat(stored.createdAt()).isEqualTo(NOW);
        });
        assertThat(inventory.active()).extracting(CertificateRecord::fingerprint)
                .containsExactly(otherProfile.fingerprint(), otherCvr.fingerprint(), renewal.fingerprint());
    }

    @Test
    void aRenewalSupersedesEveryEarlierActiveCertificateEarliestFirst() {
        Instant sameEnd = Instant.parse("2026-05-01T12:00:00Z");
        NewCertificate first = certificate("reissued-1", CVR, "CVR", sameEnd);
        NewCertificate second = certificate("reissued-2", CVR, "CVR", sameEnd);
        NewCertificate earliest = certificate("earliest", CVR, "CVR", sameEnd.minus(Duration.ofDays(30)));
        inventory.record(first);
        inventory.record(second);
        RecordResult late = inventory.record(earliest);
        assertThat(inventory.active()).extracting(CertificateRecord::fingerprint)
                .containsExactlyInAnyOrder(first.fingerprint(), second.fingerprint());

        RecordResult result = inventory.record(certificate("renewal", CVR, "CVR", sameEnd.plus(Duration.ofDays(730))));

        assertThat(late.certificate().status()).isEqualTo(CertificateStatus.SUPERSEDED);
        assertThat(result.superseded()).extracting(SupersededCertificate::fingerprint)
                .containsExactlyInAnyOrder(first.fingerprint(), second.fingerprint());
        assertThat(result.superseded()).extracting(SupersededCertificate::notAfter).containsOnly(sameEnd);
        assertThat(inventory.active()).extracting(CertificateRecord::fingerprint)
                .containsExactly(result.certificate().fingerprint());
    }

    @Test
    void aCertificateThatExpiresBeforeTheActiveOneIsRecordedAsSupersededByIt() {
        NewCertificate current = certificate("current", CVR, "CVR", Instant.parse("2028-01-01T00:00:00Z"));
        NewCertificate stale = certificate("stale", CVR, "CVR", Instant.parse("2026-12-01T00:00:00Z"));
        inventory.record(current);

        RecordResult result = inventory.record(stale);

        assertThat(result.outcome()).isEqualTo(RecordResult.Outcome.ACCEPTED);
        assertThat(result.superseded()).isEmpty();
        assertThat(result.certificate().status()).isEqualTo(CertificateStatus.SUPERSEDED);
        assertThat(result.certificate().supersededBy()).isEqualTo(current.fingerprint());
        assertThat(inventory.active()).extracting(CertificateRecord::fingerprint)
                .containsExactly(current.fingerprint());
    }

    @Test
    void allListsEveryCertificateByCvrAndProfileLatestExpiryFirst() {
        NewCertificate a = certificate("a", OTHER_CVR, "CVR", Instant.parse("2026-09-01T00:00:00Z"));
        NewCertificate b = certificate("b", CVR, "CVR", Instant.parse("2026-09-01T00:00:00Z"));
        NewCertificate c = certificate("c", CVR, "CVR", Instant.parse("2027-09-01T00:00:00Z"));
        for (NewCertificate certificate : List.of(a, b, c)) {
            inventory.record(certificate);
        }

        assertThat(inventory.all()).extracting(CertificateRecord::fingerprint)
                .containsExactly(c.fingerprint(), b.fingerprint(), a.fingerprint());
        assertThat(inventory.all()).extracting(CertificateRecord::status).containsExactly(
                CertificateStatus.ACTIVE, CertificateStatus.SUPERSEDED, CertificateStatus.ACTIVE);
    }

    @Test
    void updatesTheUploadStatus() {
        NewCertificate certificate = certificate("upload", CVR, "CVR", Instant.parse("2027-06-30T23:59:59Z"));
        inventory.record(certificate);
        clock.advance(Duration.ofMinutes(2));
        Instant uploadedAt = clock.instant().minusSeconds(1);

        assertThat(inventory.updateUpload(certificate.fingerprint(), UploadStatus.UPLOADED, uploadedAt)).isTrue();
        assertThat(inventory.updateUpload("0".repeat(64), UploadStatus.UPLOADED, uploadedAt)).isFalse();

        assertThat(inventory.find(certificate.fingerprint())).hasValueSatisfying(stored -> {
            assertThat(stored.uploadStatus()).isEqualTo(UploadStatus.UPLOADED);
            assertThat(stored.uploadedAt()).isEqualTo(uploadedAt);
            assertThat(stored.updatedAt()).isEqualTo(clock.instant());
            assertThat(stored.createdAt()).isEqualTo(NOW);
        });
    }

    @Test
    void anUploadTheOutboxDeliveredButTheRecordMissedIsReconciled() {
        NewCertificate delivered = certificate("delivered", CVR, "CVR", Instant.parse("2027-06-30T23:59:59Z"));
        NewCertificate waiting = certificate("waiting", CVR, "OTHER", Instant.parse("2027-06-30T23:59:59Z"));
        inventory.record(delivered);
        inventory.record(waiting);
        Outbox outbox = new Outbox(database, clock);
        Delivery done = outbox.enqueue(DeliveryTarget.WORKZONE, delivered.fingerprint(), delivered.fingerprint() + "-CVR", "{}");
        outbox.enqueue(DeliveryTarget.WORKZONE, waiting.fingerprint(), waiting.fingerprint() + "-OTHER", "{}");
        clock.advance(Duration.ofMinutes(1));
        outbox.recordAttempt(done.id(), AttemptResult.OK, 201, "HTTP 201");
        assertThat(inventory.find(delivered.fingerprint()).orElseThrow().uploadStatus())
                .as("marked uploaded in the attempt's own transaction").isEqualTo(UploadStatus.UPLOADED);
        // as an earlier release left it: the certificate written after the attempt, and the process killed between the two
        inventory.updateUpload(delivered.fingerprint(), UploadStatus.PENDING, null);

        assertThat(inventory.reconcileUploads()).isEqualTo(1);
        assertThat(inventory.reconcileUploads()).isZero();

        assertThat(inventory.find(delivered.fingerprint()).orElseThrow().uploadStatus()).isEqualTo(UploadStatus.UPLOADED);
        assertThat(inventory.find(delivered.fingerprint()).orElseThrow().uploadedAt()).isEqualTo(clock.instant());
        assertThat(inventory.find(waiting.fingerprint()).orElseThrow().uploadStatus()).isEqualTo(UploadStatus.PENDING);
    }

    @Test
    void aWorkZoneUploadRefusedOrGivenUpMarksItsCertificateFailedWithTheSameWrite() {
        NewCertificate refused = certificate("refused", CVR, "CVR", Instant.parse("2027-06-30T23:59:59Z"));
        NewCertificate expired = certificate("expired", CVR, "OTHER", Instant.parse("2027-06-30T23:59:59Z"));
        inventory.record(refused);
        inventory.record(expired);
        Outbox outbox = new Outbox(database, clock);
        Delivery upload = outbox.enqueue(DeliveryTarget.WORKZONE, refused.fingerprint(), refused.fingerprint() + "-CVR", "{}");
        Delivery record = outbox.enqueue(DeliveryTarget.RECORDS, expired.fingerprint(), expired.fingerprint(), "{}");
        outbox.enqueue(DeliveryTarget.WORKZONE, expired.fingerprint(), expired.fingerprint() + "-OTHER", "{}");

        outbox.recordAttempt(record.id(), AttemptResult.FAILED, 400, "HTTP 400");
        assertThat(inventory.find(expired.fingerprint()).orElseThrow().uploadStatus())
                .as("only the WorkZone upload speaks for the upload status").isEqualTo(UploadStatus.PENDING);
        outbox.recordAttempt(upload.id(), AttemptResult.FAILED, 400, "HTTP 400");
        assertThat(inventory.find(refused.fingerprint()).orElseThrow().uploadStatus()).isEqualTo(UploadStatus.FAILED);

        clock.advance(Duration.ofHours(73));
        assertThat(outbox.failExpired(Duration.ofHours(72))).hasSize(1);
        assertThat(inventory.find(expired.fingerprint()).orElseThrow()).satisfies(stored -> {
            assertThat(stored.uploadStatus()).isEqualTo(UploadStatus.FAILED);
            assertThat(stored.uploadedAt()).isNull();
        });
    }

    @Test
    void findsNothingForAnUnknownFingerprint() {
        assertThat(inventory.find("F".repeat(64))).isEmpty();
        assertThat(inventory.all()).isEmpty();
        assertThat(inventory.active()).isEmpty();
    }

    /** Starts {@code callers} threads at once on {@code task} and collects their results. */
    static <T> List<T> runConcurrently(int callers, Callable<T> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }
}
