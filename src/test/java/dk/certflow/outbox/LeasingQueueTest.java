package dk.certflow.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dk.certflow.inventory.AttemptResult;
import dk.certflow.inventory.Database;
import dk.certflow.inventory.Delivery;
import dk.certflow.inventory.DeliveryTarget;
import dk.certflow.inventory.Outbox;
import dk.certflow.inventory.TestDatabases;
import dk.certflow.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeasingQueueTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final String KEY = "a1b2c3-CVR";

    @TempDir
    Path tempDir;

    private TestDatabases.TestDatabase testDatabase;
    private Database database;
    private MutableClock clock;
    private Outbox outbox;
    private final List<Delivery> handedOn = new CopyOnWriteArrayList<>();
    private LeasingQueue queue;

    @BeforeEach
    void open() {
        testDatabase = TestDatabases.create(tempDir);
        database = testDatabase.open();
        clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        outbox = new Outbox(database, clock);
        queue = new LeasingQueue(outbox, handedOn::add, LEASE, "node-a");
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    @Test
    void aNewDeliveryIsHandedOnOnceAlreadyLeasedToThisNode() {
        queue.enqueue(outbox, DeliveryTarget.WORKZONE, "a1b2c3", KEY, "upload");

        assertThat(handedOn).hasSize(1);
        Delivery delivery = handedOn.get(0);
        assertThat(outbox.find(delivery.id())).contains(delivery);
        assertThat(outbox.lease(delivery.id(), LEASE, "node-b")).as("in node-a's hands").isFalse();

        queue.enqueue(outbox, DeliveryTarget.WORKZONE, "a1b2c3", KEY, "upload again"); // the same bundle dropped twice at once
        assertThat(handedOn).as("never attempted twice at the same time").hasSize(1);
    }

    @Test
    void oneQueuedBeforeIsLeasedAndHandedOnWhenDueAndNotOnceDelivered() {
        Delivery waiting = outbox.enqueue(DeliveryTarget.WORKZONE, "a1b2c3", KEY, "upload"); // a node's, before a restart

        queue.enqueue(outbox, DeliveryTarget.WORKZONE, "a1b2c3", KEY, "upload");
        assertThat(handedOn).extracting(Delivery::id).containsExactly(waiting.id());
        assertThat(outbox.due(10)).as("leased now").isEmpty();

        outbox.recordAttempt(waiting.id(), AttemptResult.OK, 201, null);
        clock.advance(LEASE);
        queue.enqueue(outbox, DeliveryTarget.WORKZONE, "a1b2c3", KEY, "upload");
        assertThat(handedOn).as("delivered: done").hasSize(1);
    }
}
