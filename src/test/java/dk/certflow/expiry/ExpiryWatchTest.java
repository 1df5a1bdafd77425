package dk.certflow.expiry;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.inventory.CertificateInventory;
import dk.certflow.inventory.Database;
import dk.certflow.inventory.DeadlineKind;
import dk.certflow.inventory.Delivery;
import dk.certflow.inventory.DeliveryStatus;
import dk.certflow.inventory.DeliveryTarget;
import dk.certflow.inventory.NewCertificate;
import dk.certflow.inventory.NoticeLog;
import dk.certflow.inventory.Outbox;
import dk.certflow.inventory.RecordResult;
import dk.certflow.inventory.SupersededCertificate;
import dk.certflow.inventory.TestCertificates;
import dk.certflow.inventory.TestDatabases;
import dk.certflow.json.Json;
import dk.certflow.notify.Event;
import dk.certflow.notify.Event.Severity;
import dk.certflow.notify.EventLog;
import dk.certflow.notify.Notifier;
import dk.certflow.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ExpiryWatchTest {

    private static final List<Integer> THRESHOLDS = List.of(90, 60, 30, 14, 7, 1, 0);
    private static final Instant NOT_AFTER = Instant.parse("2027-03-01T12:00:00Z");
    private static final String CVR = "19552101";
    private static final String PROFILE = "CVR";
    private static final URI WEBHOOK = URI.create("https://hooks.example.test/certflow");

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(NOT_AFTER.minus(Duration.ofDays(400)));
    private final List<Delivery> queued = new CopyOnWriteArrayList<>();
    private TestDatabases.TestDatabase testDatabase;
    private Database database;
    private CertificateInventory inventory;
    private NoticeLog notices;
    private Outbox outbox;
    private Notifier notifier;
    private ExpiryWatch watch;

    @BeforeEach
    void open() {
        testDatabase = TestDatabases.create(tempDir);
        start();
    }

    /** What the service builds at start, over the same database and data folder. */
    private void start() {
        database = testDatabase.open();
        inventory = new CertificateInventory(database, clock);
        notices = new NoticeLog(database, clock);
        outbox = new Outbox(database, clock);
        notifier = new Notifier(new EventLog(eventsFile()), outbox, queued::add, WEBHOOK, false);
        watch = new ExpiryWatch(inventory, notices, notifier, THRESHOLDS, clock);
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    /**
     * Killed while queueing a notice (here: queueing fails before the outbox is touched, once): the notice is not recorded
     * as sent, so the next run queues it. Recorded first, as before, the kill lost it for good.
     */
    @Test
    void aNoticeWhoseQueueingWasCutShortIsQueuedByTheNextRun() throws IOException {
        String fingerprint = record("cut-short", NOT_AFTER, null);
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        dk.certflow.notify.DeliveryQueue cutOnce = new dk.certflow.notify.DeliveryQueue() {
            @Override
            public void submit(Delivery delivery) {
                queued.add(delivery);
            }

            @Override
            public void enqueue(Outbox into, DeliveryTarget target, String certificate, String key, String payload) {
                if (killed.compareAndSet(false, true)) {
                    throw new IllegalStateException("killed while queueing");
                }
                dk.certflow.notify.DeliveryQueue.super.enqueue(into, target, certificate, key, payload);
            }
        };
        ExpiryWatch cutShort = new ExpiryWatch(inventory, notices,
                new Notifier(new EventLog(eventsFile()), outbox, cutOnce, WEBHOOK, false), THRESHOLDS, clock);
        clock.set(NOT_AFTER.minus(Duration.ofDays(80)));

        org.assertj.core.api.Assertions.assertThatThrownBy(cutShort::run).hasMessageContaining("killed");
        assertThat(cutShort.run()).singleElement().extracting(Event::threshold).isEqualTo(90);

        assertThat(queued).singleElement().satisfies(delivery -> {
            assertThat(delivery.target()).isEqualTo(DeliveryTarget.WEBHOOK);
            assertThat(delivery.idempotencyKey()).isEqualTo(Event.CERTIFICATE_EXPIRING + "|" + fingerprint + "|t90");
        });
        assertThat(cutShort.run()).as("sent once").isEmpty();
    }

    @Test
    void eachThresholdIsNotifiedOnceWhenTheClockCrossesIt() throws IOException {
        String fingerprint = record("renewal-due", NOT_AFTER, null);
        Map<Integer, Severity> severities = new LinkedHashMap<>();
        severities.put(90, Severity.INFO);
        severities.put(60, Severity.WARNING);
        severities.put(30, Severity.WARNING);
        severities.put(14, Severity.WARNING);
        severities.put(7, Severity.CRITICAL);
        severities.put(1, Severity.CRITICAL);
        severities.put(0, Severity.CRITICAL);

        for (Map.Entry<Integer, Severity> expected : severities.entrySet()) {
            int threshold = expected.getKey();
            clock.set(NOT_AFTER.minus(Duration.ofDays(threshold + 1)));
            assertThat(watch.run()).as("%d days and more left", threshold + 1).isEmpty();

            clock.advance(Duration.ofSeconds(1));
            assertThat(watch.run()).as("crossing %d days", threshold).singleElement().satisfies(event -> {
                assertThat(event.event()).isEqualTo(Event.CERTIFICATE_EXPIRING);
                assertThat(event.threshold()).isEqualTo(threshold);
                assertThat(event.daysLeft()).isEqualTo(threshold);
                assertThat(event.severity()).isEqualTo(expected.getValue());
                assertThat(event.at()).isEqualTo(clock.instant());
                assertThat(event.certificate().sha256Fingerprint()).isEqualTo(fingerprint);
            });
            assertThat(watch.run()).as("again at %d days", threshold).isEmpty();
        }

        clock.set(NOT_AFTER);
        assertThat(watch.run()).as("at the last moment").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(watch.run()).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo(Event.CERTIFICATE_EXPIRED);
            assertThat(event.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(event.daysLeft()).isEqualTo(-1);
            assertThat(event.threshold()).isNull();
            assertThat(event.text()).isEqualTo("CVR certificate for 19552101 (CN=renewal-due) has expired (2027-03-01);"
                    + " order a new one in MitID Erhverv");
        });
        clock.advance(Duration.ofDays(30));
        assertThat(watch.run()).as("long after expiry").isEmpty();

        assertThat(loggedEvents()).extracting(e -> e.get("event").asText(), e -> e.get("threshold").isNull()
                        ? null : e.get("threshold").asInt())
                .containsExactly(
                        tuple(Event.CERTIFICATE_EXPIRING, 90), tuple(Event.CERTIFICATE_EXPIRING, 60),
                        tuple(Event.CERTIFICATE_EXPIRING, 30), tuple(Event.CERTIFICATE_EXPIRING, 14),
                        tuple(Event.CERTIFICATE_EXPIRING, 7), tuple(Event.CERTIFICATE_EXPIRING, 1),
                        tuple(Event.CERTIFICATE_EXPIRING, 0), tuple(Event.CERTIFICATE_EXPIRED, null));
    }

    @Test
    void textsSayWhenAndWhatToDo() {
        record("renewal-due", NOT_AFTER, null);

        clock.set(NOT_AFTER.minus(Duration.ofDays(14)));
        assertThat(watch.run()).extracting(Event::text).containsExactly("CVR certificate for 19552101"
                + " (CN=renewal-due) expires in 14 days (2027-03-01); order the renewal in MitID Erhverv");
        clock.set(NOT_AFTER.minus(Duration.ofDays(1)));
        assertThat(watch.run()).extracting(Event::text).singleElement().asString().contains("expires in 1 day (");
        clock.set(NOT_AFTER.minus(Duration.ofHours(3)));
        assertThat(watch.run()).extracting(Event::text).singleElement().asString()
                .contains("expires in less than a day (2027-03-01)");
    }

    @Test
    void fortyFiveDaysLeftGivesOneWarningForTheSixtyDayThresholdOnly() {
        String fingerprint = record("late-start", NOT_AFTER, null);
        clock.set(NOT_AFTER.minus(Duration.ofDays(45)));

        assertThat(watch.run()).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo(Event.CERTIFICATE_EXPIRING);
            assertThat(event.severity()).isEqualTo(Severity.WARNING);
            assertThat(event.threshold()).isEqualTo(60);
            assertThat(event.daysLeft()).isEqualTo(45);
        });
        assertThat(notices.lastThresholdNotified(fingerprint, DeadlineKind.CERTIFICATE)).contains(60);
        assertThat(notices.markNoticeSent(fingerprint, DeadlineKind.CERTIFICATE, 90, Event.CERTIFICATE_EXPIRING,
                "INFO")).as("the 90-day threshold is recorded as covered").isFalse();

        assertThat(watch.run()).isEmpty();
        clock.set(NOT_AFTER.minus(Duration.ofDays(31)));
        assertThat(watch.run()).isEmpty();
        clock.set(NOT_AFTER.minus(Duration.ofDays(30)));
        assertThat(watch.run()).extracting(Event::threshold).containsExactly(30);
    }

    @Test
    void aCertificateFirstSeenCloseToOrAfterItsDeadlineGetsOneNotice() {
        clock.set(NOT_AFTER);
        String soon = record("three-days", NOT_AFTER.plus(Duration.ofDays(3)), null);
        String expired = inventory.record(TestCertificates.certificate("expired", CVR, "CVR-TEST",
                NOT_AFTER.minus(Duration.ofDays(10)), null)).certificate().fingerprint();

        assertThat(watch.run()).extracting(e -> e.certificate().sha256Fingerprint(), Event::event, Event::threshold,
                        Event::daysLeft, Event::severity)
                .containsExactlyInAnyOrder(
                        tuple(soon, Event.CERTIFICATE_EXPIRING, 7, 3L, Severity.CRITICAL),
                        tuple(expired, Event.CERTIFICATE_EXPIRED, null, -10L, Severity.CRITICAL));
        assertThat(notices.markNoticeSent(expired, DeadlineKind.CERTIFICATE, 0, Event.CERTIFICATE_EXPIRING,
                "CRITICAL")).isFalse();
        assertThat(watch.run()).isEmpty();
    }

    @Test
    void noNoticeIsRepeatedAfterARestart() throws IOException {
        record("restart", NOT_AFTER, null);
        clock.set(NOT_AFTER.minus(Duration.ofDays(45)));
        assertThat(watch.run()).hasSize(1);

        database.close();
        start();
        clock.advance(Duration.ofHours(1));

        assertThat(watch.run()).isEmpty();
        assertThat(loggedEvents()).hasSize(1);
        assertThat(queued).hasSize(1);
        assertThat(outbox.pendingCount()).isEqualTo(1);

        clock.set(NOT_AFTER.minus(Duration.ofDays(30)));
        assertThat(watch.run()).extracting(Event::threshold).containsExactly(30);
    }

    @Test
    void aSupersededCertificateFallsSilent() {
        String old = record("old", NOT_AFTER, LocalDate.of(2027, 3, 1));
        clock.set(NOT_AFTER.minus(Duration.ofDays(20)));
        assertThat(watch.run()).extracting(Event::event).containsExactlyInAnyOrder(
                Event.CERTIFICATE_EXPIRING, Event.AUTHORIZATION_EXPIRING);

        RecordResult renewal = inventory.record(TestCertificates.certificate("renewal", CVR, PROFILE,
                NOT_AFTER.plus(Duration.ofDays(3 * 365)), LocalDate.of(2029, 1, 1)));
        assertThat(renewal.superseded()).extracting(SupersededCertificate::fingerprint).containsExactly(old);

        for (int daysLeft : List.of(14, 5, 0, -1, -30)) {
            clock.set(NOT_AFTER.minus(Duration.ofDays(daysLeft)));
            assertThat(watch.run()).as("%d days left", daysLeft).isEmpty();
        }
    }

    @Test
    void anAuthorizationExpiringFirstIsNotifiedFirstAndAtTheEndOfItsDanishDay() {
        String fingerprint = record("authorization", NOT_AFTER, LocalDate.of(2027, 1, 20));

        clock.set(Instant.parse("2026-11-25T08:00:00Z"));
        assertThat(watch.run()).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo(Event.AUTHORIZATION_EXPIRING);
            assertThat(event.threshold()).isEqualTo(60);
            assertThat(event.daysLeft()).isEqualTo(56);
            assertThat(event.severity()).isEqualTo(Severity.WARNING);
            assertThat(event.certificate().sha256Fingerprint()).isEqualTo(fingerprint);
            assertThat(event.text()).isEqualTo("Datafordeler authorization for CVR 19552101 expires in 56 days"
                    + " (2027-01-20); renew it in the Datafordeler portal");
        });

        clock.set(Instant.parse("2027-01-19T22:59:59Z"));
        assertThat(watch.run()).as("the 19th in Copenhagen").extracting(Event::event, Event::threshold, Event::daysLeft)
                .containsExactlyInAnyOrder(
                        tuple(Event.AUTHORIZATION_EXPIRING, 1, 1L),
                        tuple(Event.CERTIFICATE_EXPIRING, 60, 40L));
        clock.set(Instant.parse("2027-01-19T23:00:00Z"));
        assertThat(watch.run()).as("the 20th in Copenhagen").extracting(Event::event, Event::threshold, Event::daysLeft)
                .containsExactly(tuple(Event.AUTHORIZATION_EXPIRING, 0, 0L));
        assertThat(watch.run()).isEmpty();

        clock.set(Instant.parse("2027-01-20T22:59:59Z"));
        assertThat(watch.run()).as("still the 20th in Copenhagen").isEmpty();
        clock.set(Instant.parse("2027-01-20T23:00:00Z"));
        assertThat(watch.run()).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo(Event.AUTHORIZATION_EXPIRING);
            assertThat(event.threshold()).isNull();
            assertThat(event.daysLeft()).isEqualTo(-1);
            assertThat(event.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(event.text()).isEqualTo("Datafordeler authorization for CVR 19552101 has expired (2027-01-20);"
                    + " renew it in the Datafordeler portal");
        });
        clock.advance(Duration.ofDays(5));
        assertThat(watch.run()).isEmpty();
    }

    @Test
    void noticesGoToEventsJsonlAndTheWebhookOutbox() throws IOException {
        String fingerprint = record("channels", NOT_AFTER, null);
        clock.set(NOT_AFTER.minus(Duration.ofDays(45)));

        Event event = watch.run().get(0);

        assertThat(loggedEvents()).singleElement().satisfies(line -> {
            assertThat(line.get("event").asText()).isEqualTo(Event.CERTIFICATE_EXPIRING);
            assertThat(line.get("severity").asText()).isEqualTo("WARNING");
            assertThat(line.get("text").asText()).isEqualTo(event.text());
            assertThat(line.get("daysLeft").asLong()).isEqualTo(45);
            assertThat(line.get("threshold").asInt()).isEqualTo(60);
            assertThat(line.get("certificate").get("cvr").asText()).isEqualTo(CVR);
            assertThat(line.get("certificate").get("sha256Fingerprint").asText()).isEqualTo(fingerprint);
            assertThat(line.get("certificate").get("profile").asText()).isEqualTo(PROFILE);
            assertThat(Instant.parse(line.get("certificate").get("notAfter").asText())).isEqualTo(NOT_AFTER);
            assertThat(Instant.parse(line.get("at").asText())).isEqualTo(clock.instant());
        });
        assertThat(queued).singleElement().satisfies(delivery -> {
            assertThat(delivery.target()).isEqualTo(DeliveryTarget.WEBHOOK);
            assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(delivery.fingerprint()).isEqualTo(fingerprint);
            assertThat(Json.mapper().readTree(delivery.payload())).isEqualTo(loggedEvents().get(0));
            assertThat(outbox.find(delivery.id())).contains(delivery);
        });
    }

    @Test
    void ofConcurrentRunsOnlyOneSendsANotice() throws Exception {
        record("concurrent", NOT_AFTER, LocalDate.of(2027, 2, 1));
        clock.set(NOT_AFTER.minus(Duration.ofDays(45)));
        int runs = 6;
        ExecutorService executor = Executors.newFixedThreadPool(runs);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Event>>> futures = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ExpiryWatch another = new ExpiryWatch(inventory, notices, notifier, THRESHOLDS, clock);
                futures.add(executor.submit(() -> {
                    go.await();
                    return another.run();
                }));
            }
            go.countDown();
            List<Event> sent = new ArrayList<>();
            for (Future<List<Event>> future : futures) {
                sent.addAll(future.get(30, TimeUnit.SECONDS));
            }

            assertThat(sent).extracting(Event::event, Event::threshold).containsExactlyInAnyOrder(
                    tuple(Event.CERTIFICATE_EXPIRING, 60), tuple(Event.AUTHORIZATION_EXPIRING, 30));
            assertThat(loggedEvents()).hasSize(2);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void severityFollowsTheDaysLeft() {
        assertThat(ExpiryWatch.severity(90)).isEqualTo(Severity.INFO);
        assertThat(ExpiryWatch.severity(61)).isEqualTo(Severity.INFO);
        assertThat(ExpiryWatch.severity(60)).isEqualTo(Severity.WARNING);
        assertThat(ExpiryWatch.severity(8)).isEqualTo(Severity.WARNING);
        assertThat(ExpiryWatch.severity(7)).isEqualTo(Severity.CRITICAL);
        assertThat(ExpiryWatch.severity(0)).isEqualTo(Severity.CRITICAL);
        assertThat(ExpiryWatch.severity(-400)).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void theCommonNameStandsForTheSubjectWhenThereIsOne() {
        assertThat(NoticeText.commonName("CN=Certflow System,O=Org,organizationIdentifier=NTRDK-19552101,C=DK"))
                .isEqualTo("CN=Certflow System");
        assertThat(NoticeText.commonName("O=Org,C=DK")).isEqualTo("O=Org,C=DK");
        assertThat(NoticeText.commonName("not a name")).isEqualTo("not a name");
    }

    private String record(String label, Instant notAfter, LocalDate authorizationExpiry) {
        NewCertificate certificate = TestCertificates.certificate(label, CVR, PROFILE, notAfter, authorizationExpiry);
        return inventory.record(certificate).certificate().fingerprint();
    }

    private Path eventsFile() {
        return tempDir.resolve("data").resolve("events.jsonl");
    }

    private List<JsonNode> loggedEvents() throws IOException {
        if (!Files.exists(eventsFile())) {
            return List.of();
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(eventsFile())) {
            events.add(Json.mapper().readTree(line));
        }
        return events;
    }
}
