package dk.certflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.certflow.config.Settings;
import dk.certflow.intake.BundleStore;
import dk.certflow.inventory.ClusterLedger;
import dk.certflow.inventory.Database;
import dk.certflow.inventory.Outbox;
import dk.certflow.inventory.TestDatabases;
import dk.certflow.inventory.Delivery;
import dk.certflow.inventory.DeliveryTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
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

    /**
     * Killed and started again under its name (systemd's Restart=on-failure with a fixed certflow.node.id): the new
     * process takes back what the killed one held in that name, which no other node would touch while the name lives.
     */
    @Test
    void aProcessStartedAgainUnderItsNameTakesBackWhatItsKilledProcessHeld() throws Exception {
        Instant killedAt = Instant.now();
        ledger.join("ops1", killedAt);
        assertThat(ledger.claimFile("f.p12", "ops1", killedAt, killedAt.plus(Duration.ofMinutes(5)))).isTrue();
        Outbox outbox = new Outbox(database, Clock.systemUTC());
        Delivery inFlight = outbox.enqueue(DeliveryTarget.MAIL, null, "mail-1", "text");
        assertThat(outbox.lease(inFlight.id(), Duration.ofMinutes(5), "ops1")).isTrue();
        Path ownHalfPlaced = halfPlace("ops1", "b1");
        Path othersHalfPlaced = halfPlace("ops2", "b2");

        cluster("ops1").join();

        assertThat(ledger.claimFile("f.p12", "ops2", Instant.now(), Instant.now().plus(Duration.ofMinutes(1))))
                .as("the killed process's claim is gone").isTrue();
        assertThat(outbox.due(10)).extracting(Delivery::id).as("its delivery in flight is due now").containsExactly(inFlight.id());
        assertThat(ownHalfPlaced.resolve("b1.p12")).as("its half-placed bundle is finished").isRegularFile();
        assertThat(othersHalfPlaced).as("another node's work is left to that node, or to the one running the timers").doesNotExist();
    }

    /** A bundle whose staging holds the original and its manifest, stopped before the rename; returns its final folder. */
    private Path halfPlace(String nodeId, String name) throws Exception {
        Path drop = Files.createDirectories(tempDir.resolve("drop"));
        Path original = Files.write(drop.resolve(name + ".p12"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
        Clock day = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
        Path dayFolder = tempDir.resolve("archive/2026/12/02");
        Files.createDirectories(dayFolder.getParent());
        Files.writeString(dayFolder, "in the way");
        assertThatThrownBy(() -> new BundleStore(tempDir.resolve("rejected"), tempDir.resolve("archive"), day, nodeId)
                .archive(name + ".p12", original, null, Map.of())).isInstanceOf(IOException.class);
        Files.delete(dayFolder);
        return dayFolder.resolve(name);
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
