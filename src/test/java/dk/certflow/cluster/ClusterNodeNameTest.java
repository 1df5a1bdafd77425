package dk.certflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.certflow.config.Settings;
import dk.certflow.intake.BundleStore;
import dk.certflow.inventory.ClusterLedger;
import dk.certflow.inventory.Database;
import dk.certflow.inventory.Outbox;
import dk.certflow.inventory.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node does not join under the name of a node that is running (README "Two nodes": never the same name twice). */
class ClusterNodeNameTest {

    /** Heartbeat 0.4 s, a registration lapses 0.8 s after the last beat. */
    private static final Duration TAKEOVER = Duration.ofMillis(1200);

    @TempDir
    Path tempDir;

    private TestDatabases.TestDatabase testDatabase;
    private Database database;
    private ClusterLedger ledger;
    private final ScheduledExecutorService otherNode = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void open() {
        testDatabase = TestDatabases.create(tempDir);
        database = testDatabase.open();
        ledger = new ClusterLedger(database);
    }

    @AfterEach
    void close() throws Exception {
        otherNode.shutdownNow();
        otherNode.awaitTermination(5, TimeUnit.SECONDS);
        database.close();
        testDatabase.close();
    }

    @Test
    void aNameARunningNodeBeatsUnderIsRefusedAndThatNodeKeepsIt() {
        Instant started = Instant.now();
        ledger.join("ops1", started);
        otherNode.scheduleAtFixedRate(() -> ledger.beat("ops1", Instant.now()), 0, 100, TimeUnit.MILLISECONDS);

        assertThatThrownBy(() -> cluster("ops1").join())
                .isInstanceOf(NodeNameInUseException.class)
                .hasMessageContaining("node ops1 runs already");
        assertThat(ledger.node("ops1")).get().extracting(ClusterLedger.Node::startedAt)
                .as("the running node's registration is left as it was").isEqualTo(started.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    @Test
    void theNameOfThisNodesOwnKilledProcessIsTakenOnceItsRegistrationLapses() throws Exception {
        Instant killedAt = Instant.now();
        ledger.join("ops1", killedAt); // registered and beating a moment ago, then killed: no more beats

        cluster("ops1").join();

        Instant joined = Instant.now();
        Duration leaseTime = settings("ops1").leaseTime();
        assertThat(joined).as("waited for the old registration to lapse").isAfterOrEqualTo(killedAt.plus(leaseTime));
        assertThat(ledger.node("ops1")).get().extracting(ClusterLedger.Node::startedAt)
                .as("registered again by the new process").matches(at -> at.isAfter(killedAt));
    }

    @Test
    void aNewNameOrOneLongGoneJoinsAtOnce() throws Exception {
        ledger.join("ops2", Instant.now().minus(Duration.ofMinutes(5)));

        long started = System.nanoTime();
        cluster("ops1").join();
        cluster("ops2").join();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(settings("ops1").leaseTime());
        assertThat(ledger.nodes()).extracting(ClusterLedger.Node::nodeId).containsExactlyInAnyOrder("ops1", "ops2");
    }

    private Cluster cluster(String nodeId) {
        Clock clock = Clock.systemUTC();
        return new Cluster(ledger, new Outbox(database, clock), new BundleStore(tempDir.resolve("rejected"), tempDir.resolve("archive"), clock, nodeId),
                settings(nodeId), true, clock);
    }

    private static Settings.Cluster settings(String nodeId) {
        return new Settings.Cluster(nodeId, TAKEOVER);
    }
}
