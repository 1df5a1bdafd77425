package dk.certflow.inventory;

import dk.certflow.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxTest {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(30));
    private static final String FINGERPRINT = TestCertificates.fingerprint("outbox", "SHA-256");

    @TempDir
    Path tempDir;

    private TestDatabases.TestDatabase testDatabase;
    private Database database;
    private MutableClock clock;
    private Outbox outbox;

    @BeforeEach
    void open() {
        testDatabase = TestDatabases.create(tempDir);
        database = testDatabase.open();
        clock = new MutableClock(NOW);
        outbox = new Outbox(database, clock, BACKOFF);
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    @Test
    void enqueuesAPendingDeliveryDueNow() {
        Delivery delivery = outbox.enqueue(DeliveryTarget.RECORDS, FINGERPRINT, FINGERPRINT, "{\"id\":1}");

        assertThat(delivery.id()).isPositive();
        assertThat(delivery).isEqualTo(new Delivery(delivery.id(), DeliveryTarget.RECORDS, FINGERPRINT, FINGERPRINT,
                "{\"id\":1}", DeliveryStatus.PENDING, 0, NOW, NOW, null, null));
        assertThat(outbox.find(delivery.id())).contains(delivery);
        assertThat(delivery.toString()).doesNotContain("{\"id\":1}");
    }

    @Test
    void enqueueingTheSameTargetAndKeyAgainReturnsTheQueuedDelivery() throws Exception {
        Delivery first = outbox.enqueue(DeliveryTarget.WORKZONE, FINGERPRINT, FINGERPRINT + "-CVR", "first");
        clock.advance(Duration.ofMinutes(5));

        Delivery again = outbox.enqueue(DeliveryTarget.WORKZONE, FINGERPRINT, FINGERPRINT + "-CVR", "second");
        List<Delivery> concurrent = CertificateInventoryTest.runConcurrently(6,
                () -> outbox.enqueue(DeliveryTarget.WORKZONE, FINGERPRINT, FINGERPRINT + "-CVR", "third"));
        Delivery otherTarget = outbox.enqueue(DeliveryTarget.RECORDS, FINGERPRINT, FINGERPRINT + "-CVR", "record");

        assertThat(again).isEqualTo(first);
        assertThat(concurrent).containsOnly(first);
        assertThat(otherTarget.id()).isNotEqualTo(first.id());
        assertThat(outbox.pendingCount()).isEqualTo(2);
    }

    @Test
    void aDeliveryQueuedLeasedIsInItsNodesHandsUntilTheLeaseEnds() {
        clock.advance(Duration.ofNanos(123_456_789)); // finer than the database keeps
        Instant queuedAt = clock.instant();

        Delivery delivery = outbox.enqueueLeased(DeliveryTarget.WORKZONE, FINGERPRINT, FINGERPRINT + "-CVR", "upload",
                Duration.ofMinutes(2), "node-a").orElseThrow();

        assertThat(outbox.find(delivery.id())).as("what the caller holds is what the outbox holds").contains(delivery);
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(delivery.createdAt()).isEqualTo(queuedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(delivery.nextAttemptAt()).isEqualTo(delivery.createdAt().plus(Duration.ofMinutes(2)));
        assertThat(outbox.due(10)).as("not due while leased").isEmpty();
        assertThat(outbox.lease(delivery.id(), Duration.ofMinutes(2), "node-b")).as("nobody else may take it").isFalse();

        clock.advance(Duration.ofMinutes(2));
        assertThat(outbox.due(10)).extracting(Delivery::id).containsExactly(delivery.id());
        assertThat(outbox.releaseOwn("node-a")).as("leased to node-a").isEqualTo(1);
    }

    @Test
    void queueingLeasedWhatIsQueuedAlreadyChangesNothing() {
        Delivery first = outbox.enqueue(DeliveryTarget.RECORDS, FINGERPRINT, FINGERPRINT, "first");

        assertThat(outbox.enqueueLeased(DeliveryTarget.RECORDS, FINGERPRINT, FINGERPRINT, "second", Duration.ofMinutes(2), "node-a"))
                .isEmpty();
        assertThat(outbox.byKey(DeliveryTarget.RECORDS, FINGERPRINT)).isEqualTo(first);
        assertThat(outbox.due(10)).containsExactly(first);
    }

    @Test
    void dueListsPendingDeliveriesWhoseTimeHasComeOldestFirst() {
        Delivery first = outbox.enqueue(DeliveryTarget.WEBHOOK, null, "event-1", "{}");
        clock.advance(Duration.ofSeconds(1));
        Delivery second = outbox.enqueue(DeliveryTarget.MAIL, null, "event-2", "{}");
        clock.advance(Duration.ofSeconds(1));
        Delivery third = outbox.enqueue(DeliveryTarget.WEBHOOK, null, "event-3", "{}");
        Delivery postponed = outbox.recordAttempt(first.id(), AttemptResult.RETRY, 503, "Service Unavailable");

        assertThat(outbox.due(10)).extracting(Delivery::id).containsExactly(second.id(), third.id());
        assertThat(outbox.due(1)).extracting(Delivery::id).containsExactly(second.id());

        clock.advance(Duration.between(clock.instant(), postponed.nextAttemptAt()));
        assertThat(outbox.due(10)).extracting(Delivery::id).containsExactly(first.id(), second.id(), third.id());
    }

    @Test
    void retriesBackOffExponentiallyAndEveryAttemptIsRecorded() {
        Delivery delivery = outbox.enqueue(DeliveryTarget.WORKZONE, FINGERPRINT, FINGERPRINT + "-CVR", "{}");

        Delivery afterFirst = outbox.recordAttempt(delivery.id(), AttemptResult.RETRY, 503, "Service Unavailable");
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(afterFirst.nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThat(afterFirst.lastError()).isEqualTo("Service Unavailable");

        clock.advance(Duration.ofMinutes(1));
        Delivery afterSecond = outbox.recordAttempt(delivery.id(), AttemptResult.RETRY, null, "connect timed out");
        assertThat(afterSecond.attempts()).isEqualTo(2);
        assertThat(afterSecond.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));

        clock.advance(Duration.ofMinutes(2));
        Instant deliveredAt = clock.instant();
        Delivery delivered = outbox.recordAttempt(delivery.id(), AttemptResult.OK, 201, "Created");
        assertThat(delivered.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(3);
        assertThat(delivered.deliveredAt()).isEqualTo(deliveredAt);
        assertThat(delivered.lastError()).isNull();

        assertThat(outbox.attempts(delivery.id())).containsExactly(
                new DeliveryAttempt(delivery.id(), NOW, AttemptResult.RETRY, 503, "Service Unavailable"),
                new DeliveryAttempt(delivery.id(), NOW.plus(Duration.ofMinutes(1)), AttemptResult.RETRY, null,
                        "connect timed out"),
                new DeliveryAttempt(delivery.id(), deliveredAt, AttemptResult.OK, 201, "Created"));
        assertThat(outbox.due(10)).isEmpty();
        assertThat(outbox.pendingCount()).isZero();
    }

    @Test
    void aRefusalFailsTheDeliveryForGood() {
        Delivery delivery = outbox.enqueue(DeliveryTarget.WORKZONE, FINGERPRINT, FINGERPRINT + "-CVR", "{}");

        Delivery failed = outbox.recordAttempt(delivery.id(), AttemptResult.FAILED, 400, "x".repeat(5000));

        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).hasSize(1000);
        clock.advance(Duration.ofDays(1));
        assertThat(outbox.due(10)).isEmpty();

        Delivery late = outbox.recordAttempt(delivery.id(), AttemptResult.OK, 200, "OK");
        assertThat(late).isEqualTo(failed);
        assertThat(outbox.attempts(delivery.id())).extracting(DeliveryAttempt::result)
                .containsExactly(AttemptResult.FAILED, AttemptResult.OK);
    }

    @Test
    void anAttemptOnAnUnknownDeliveryIsRefused() {
        assertThatThrownBy(() -> outbox.recordAttempt(424242L, AttemptResult.OK, 200, "OK"))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void pendingDeliveriesOlderThanTheMaxAgeFail() {
        Duration maxAge = Duration.ofHours(72);
        Delivery old = outbox.enqueue(DeliveryTarget.RECORDS, FINGERPRINT, "old", "{}");
        Delivery oldButDelivered = outbox.enqueue(DeliveryTarget.RECORDS, FINGERPRINT, "delivered", "{}");
        outbox.recordAttempt(oldButDelivered.id(), AttemptResult.OK, 200, "OK");
        clock.advance(Duration.ofHours(1));
        Delivery recent = outbox.enqueue(DeliveryTarget.RECORDS, FINGERPRINT, "recent", "{}");
        clock.advance(maxAge);

        List<Delivery> expired = outbox.failExpired(maxAge);

        assertThat(expired).extracting(Delivery::id).containsExactly(old.id());
        assertThat(expired.get(0).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(expired.get(0).lastError()).contains("PT72H");
        assertThat(outbox.find(oldButDelivered.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(outbox.find(recent.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(outbox.failExpired(maxAge)).isEmpty();
    }

    @Test
    void countsPendingDeliveriesAndKnowsTheOldest() {
        assertThat(outbox.pendingCount()).isZero();
        assertThat(outbox.oldestPendingCreatedAt()).isEmpty();

        Delivery first = outbox.enqueue(DeliveryTarget.MAIL, null, "mail-1", "text");
        clock.advance(Duration.ofMinutes(10));
        Instant secondQueuedAt = clock.instant();
        outbox.enqueue(DeliveryTarget.MAIL, null, "mail-2", "text");
        assertThat(outbox.pendingCount()).isEqualTo(2);
        assertThat(outbox.oldestPendingCreatedAt()).contains(NOW);

        outbox.recordAttempt(first.id(), AttemptResult.OK, null, "250 OK");
        assertThat(outbox.pendingCount()).isEqualTo(1);
        assertThat(outbox.oldestPendingCreatedAt()).contains(secondQueuedAt);
    }

    @Test
    void keepsAPayloadOfSeveralKilobytesIntact() {
        String payload = "{\"text\":\"" + "æøå€".repeat(4000) + "\"}";

        Delivery delivery = outbox.enqueue(DeliveryTarget.RECORDS, FINGERPRINT, "large", payload);

        assertThat(outbox.find(delivery.id()).orElseThrow().payload()).isEqualTo(payload);
    }

    @Test
    void unfinishedListsWhatIsPendingOrGivenUpNewestFirstAndNothingDelivered() {
        Delivery delivered = outbox.enqueue(DeliveryTarget.WEBHOOK, null, "delivered", "{}");
        outbox.recordAttempt(delivered.id(), AttemptResult.OK, 204, null);
        clock.advance(Duration.ofMinutes(1));
        Delivery failed = outbox.enqueue(DeliveryTarget.RECORDS, "fp", "failed", "{}");
        outbox.recordAttempt(failed.id(), AttemptResult.FAILED, 400, "HTTP 400: no");
        clock.advance(Duration.ofMinutes(1));
        Delivery stuck = outbox.enqueue(DeliveryTarget.WORKZONE, "fp", "stuck", "{}");
        outbox.recordAttempt(stuck.id(), AttemptResult.RETRY, 500, "HTTP 500: boom");
        clock.advance(Duration.ofMinutes(1));
        Delivery fresh = outbox.enqueue(DeliveryTarget.MAIL, null, "fresh", "{}");

        assertThat(outbox.unfinished(10)).extracting(Delivery::id).containsExactly(fresh.id(), stuck.id(), failed.id());
        assertThat(outbox.unfinished(2)).extracting(Delivery::id).containsExactly(fresh.id(), stuck.id());
        assertThat(outbox.unfinished(10).get(1).lastError()).isEqualTo("HTTP 500: boom");
        assertThat(outbox.unfinished(10).get(1).attempts()).isEqualTo(1);
    }
}
