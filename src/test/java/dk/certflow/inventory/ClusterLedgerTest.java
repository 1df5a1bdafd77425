package dk.certflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leases two nodes coordinate through, on the test database (H2, or PostgreSQL in CI's second run). */
class ClusterLedgerTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(20);

    @TempDir
    Path tempDir;

    private TestDatabases.TestDatabase testDatabase;
    private Database database;
    private ClusterLedger ledger;

    @BeforeEach
    void open() {
        testDatabase = TestDatabases.create(tempDir);
        database = testDatabase.open();
        ledger = new ClusterLedger(database);
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    @Test
    void ofNodesRacingForTheTimersExactlyOneWinsAndKeepsItWhileItRenews() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String node = "node-" + i;
                tries.add(pool.submit((Callable<Boolean>) () -> ledger.takeLease("timers", node, NOW, NOW.plus(LEASE))));
            }
            int winners = 0;
            for (Future<Boolean> t : tries) {
                winners += t.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        String holder = ledger.leaseHolder("timers", NOW).orElseThrow();
        Instant later = NOW.plusSeconds(10);
        assertThat(ledger.takeLease("timers", "someone-else", later, later.plus(LEASE))).as("held, not expired").isFalse();
        assertThat(ledger.takeLease("timers", holder, later, later.plus(LEASE))).as("its holder renews it").isTrue();
        assertThat(ledger.leaseHolder("timers", later.plus(LEASE))).contains(holder);
    }

    @Test
    void anExpiredLeaseGoesToTheNextNodeThatAsks() {
        assertThat(ledger.takeLease("timers", "a", NOW, NOW.plus(LEASE))).isTrue();
        Instant afterExpiry = NOW.plus(LEASE).plusSeconds(1);
        assertThat(ledger.leaseHolder("timers", afterExpiry)).isEmpty();
        assertThat(ledger.takeLease("timers", "b", afterExpiry, afterExpiry.plus(LEASE))).isTrue();
        assertThat(ledger.takeLease("timers", "a", afterExpiry, afterExpiry.plus(LEASE))).as("a lost it").isFalse();
        assertThat(ledger.leaseHolder("timers", afterExpiry)).contains("b");
    }

    @Test
    void aFileIsClaimedByOneNodeUntilReleasedOrItsHolderStopsRenewing() {
        assertThat(ledger.claimFile("org.p12", "a", NOW, NOW.plus(LEASE))).isTrue();
        assertThat(ledger.claimFile("org.p12", "b", NOW, NOW.plus(LEASE))).isFalse();
        assertThat(ledger.fileHolder("org.p12", NOW)).contains("a");

        ledger.releaseFile("org.p12", "b");
        assertThat(ledger.fileHolder("org.p12", NOW)).as("only its holder releases it").contains("a");

        Instant later = NOW.plus(LEASE).minusSeconds(1);
        assertThat(ledger.renewClaims("a", later.plus(LEASE))).isEqualTo(1);
        assertThat(ledger.claimFile("org.p12", "b", NOW.plus(LEASE).plusSeconds(1), NOW.plus(LEASE.multipliedBy(2))))
                .as("renewed, so still a's").isFalse();

        Instant abandoned = later.plus(LEASE).plusSeconds(1);
        assertThat(ledger.claimFile("org.p12", "b", abandoned, abandoned.plus(LEASE))).as("a stopped renewing").isTrue();
        assertThat(ledger.fileHolder("org.p12", abandoned)).contains("b");
        ledger.releaseFile("org.p12", "b");
        assertThat(ledger.fileHolder("org.p12", abandoned)).isEmpty();
        assertThat(ledger.claimFile("org.p12", "a", abandoned, abandoned.plus(LEASE))).as("a new file of that name").isTrue();
    }

    @Test
    void deliveriesInFlightOnANodeThatStoppedBeatingAreDueAgainAndALeavingNodeHandsItsOwnBack() {
        Outbox outbox = new Outbox(database, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC), new RetryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(30)));
        ledger.join("alive", NOW);
        ledger.join("dead", NOW.minusSeconds(120));
        ledger.beat("dead", NOW.minusSeconds(60));
        Delivery ofAlive = outbox.enqueue(DeliveryTarget.RECORDS, null, "k-alive", "{}");
        Delivery ofDead = outbox.enqueue(DeliveryTarget.RECORDS, null, "k-dead", "{}");
        assertThat(outbox.lease(ofAlive.id(), Duration.ofMinutes(3), "alive")).isTrue();
        assertThat(outbox.lease(ofDead.id(), Duration.ofMinutes(3), "dead")).isTrue();
        assertThat(outbox.lease(ofDead.id(), Duration.ofMinutes(3), "alive")).as("in flight: not leased twice").isFalse();
        assertThat(outbox.due(10)).isEmpty();

        assertThat(outbox.releaseAbandoned(NOW.minusSeconds(20))).isEqualTo(1);
        assertThat(outbox.due(10)).extracting(Delivery::idempotencyKey).containsExactly("k-dead");

        assertThat(outbox.releaseOwn("alive")).isEqualTo(1);
        assertThat(outbox.due(10)).extracting(Delivery::idempotencyKey).containsExactlyInAnyOrder("k-dead", "k-alive");

        ledger.leave("alive");
        assertThat(ledger.nodes()).extracting(ClusterLedger.Node::nodeId).containsExactly("dead");
        assertThat(ledger.forgetNodes(NOW.minusSeconds(30))).isEqualTo(1);
        assertThat(ledger.nodes()).isEmpty();
    }

    @Test
    void aStartingNodeMakesDueWhatWaitsButNotWhatALivingNodeIsRetrying() {
        java.time.Clock clock = java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC);
        Outbox outbox = new Outbox(database, clock, new RetryBackoff(Duration.ofMinutes(5), Duration.ofMinutes(30)));
        ledger.join("alive", NOW);
        Delivery retrying = outbox.enqueue(DeliveryTarget.RECORDS, null, "k-retrying", "{}");
        Delivery waiting = outbox.enqueue(DeliveryTarget.RECORDS, null, "k-waiting", "{}");
        assertThat(outbox.lease(retrying.id(), Duration.ofMinutes(3), "alive")).isTrue();
        assertThat(outbox.lease(waiting.id(), Duration.ofMinutes(3), "gone")).isTrue();
        // both failed once and wait for their backoff; "alive" is still between the retries of its dispatch
        outbox.recordAttempt(retrying.id(), AttemptResult.RETRY, 503, "busy");
        outbox.recordAttempt(waiting.id(), AttemptResult.RETRY, 503, "busy");
        assertThat(outbox.due(10)).isEmpty();

        assertThat(outbox.releaseWaiting(NOW.minusSeconds(20))).isEqualTo(1);
        assertThat(outbox.due(10)).extracting(Delivery::idempotencyKey).containsExactly("k-waiting");

        outbox.recordAttempt(retrying.id(), AttemptResult.OK, 200, "done");
        assertThat(outbox.releaseOwn("alive")).as("delivered: nothing left in its hands").isZero();
    }
}
