package dk.certflow.cluster;

import dk.certflow.config.Settings;
import dk.certflow.intake.BundleStore;
import dk.certflow.inventory.ClusterLedger;
import dk.certflow.inventory.Outbox;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node among the others on one PostgreSQL database (CONTRACTS §11), coordinated through leases in that database:
 * <ul>
 *   <li>each dropped file is worked on by the node that claimed it ({@link #claimFile});</li>
 *   <li>the timers (expiry watch, outbox retry) run on the one node holding the {@value #TIMERS} lease;</li>
 *   <li>every heartbeat renews this node's leases; the node running the timers also takes over what nodes that
 *       stopped beating left: deliveries in flight and half-placed bundles.</li>
 * </ul>
 * A lease not renewed for {@link Settings.Cluster#leaseTime()} is free, so a node killed or cut off from the database
 * has its work taken over within {@code certflow.cluster.takeover}.
 *
 * <p>On the embedded H2 database, which one process at a time can open, this node is the only one: it runs the
 * timers and needs no claims.
 */
public final class Cluster {

    /** The lease of the node that runs the timers. */
    public static final String TIMERS = "timers";
    /** Nodes silent this long are forgotten (status lists the others, running or recently gone). */
    private static final Duration FORGET_AFTER = Duration.ofDays(1);
    /** How often a starting node looks whether the node registered under its name beat again. */
    private static final Duration NAME_CHECK_INTERVAL = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

    /** What one heartbeat found. */
    public record Beat(boolean becameTimersNode, int deliveriesTakenOver) {

        /** The delivery retry should run now: this node just took the timers over, or took deliveries over. */
        public boolean dispatchNow() {
            return becameTimersNode || deliveriesTakenOver > 0;
        }
    }

    /** A node as health and status show it. */
    public record Member(String nodeId, Instant startedAt, Instant seenAt, boolean alive, boolean runsTimers) {
    }

    private final ClusterLedger ledger;
    private final Outbox outbox;
    private final BundleStore bundleStore;
    private final Settings.Cluster settings;
    private final boolean shared;
    private final Clock clock;
    private volatile Instant timersUntil = Instant.MIN;
    private volatile boolean joined;

    /**
     * @param shared true on a database several nodes share (PostgreSQL); false on the embedded one
     * @param clock  physical time: leases are measured against the other nodes' clocks
     */
    public Cluster(ClusterLedger ledger, Outbox outbox, BundleStore bundleStore, Settings.Cluster settings, boolean shared, Clock clock) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.bundleStore = bundleStore;
        this.settings = settings;
        this.shared = shared;
        this.clock = clock;
    }

    public String nodeId() {
        return settings.nodeId();
    }

    /** True when more than one node may run: claims and leases are needed. */
    public boolean isShared() {
        return shared;
    }

    /**
     * Registers this node. On the embedded database it also takes over everything a stopped process left (nothing else
     * can be running); on a shared one what no living node has in hand (the deliveries waiting for their next try), and
     * the node running the timers takes over the rest from nodes no longer beating.
     */
    public void join() throws IOException {
        if (shared) {
            refuseATakenName();
        }
        Instant now = clock.instant();
        ledger.join(nodeId(), now);
        joined = true;
        if (!shared) {
            int released = outbox.releaseAll();
            if (released > 0) {
                LOG.info("{} deliveries waiting in the outbox are tried again now", released);
            }
            for (Path finished : bundleStore.recover()) {
                LOG.info("finished a bundle interrupted by a stop: {}", finished);
            }
            return;
        }
        LOG.info("node {} joined; nodes on this database: {}", nodeId(),
                ledger.nodes().stream().map(ClusterLedger.Node::nodeId).collect(Collectors.joining(", ")));
        takeBackWhatAnEarlierProcessHeld();
        int released = outbox.releaseWaiting(now.minus(settings.leaseTime()));
        if (released > 0) {
            LOG.info("{} deliveries waiting in the outbox are tried again now", released);
        }
    }

    /**
     * A process of this node killed and started again under the same name (as systemd restarts it) finds what the earlier
     * one held still in this node's name: the others see a living node and leave it alone, and this process does not
     * know it. So its deliveries in flight become due now (sent again with the same idempotency keys), its claims on
     * dropped files go, and its half-placed bundles are finished here. Safe once the name is this process's own.
     */
    private void takeBackWhatAnEarlierProcessHeld() throws IOException {
        int deliveries = outbox.releaseOwn(nodeId());
        int claims = ledger.dropClaims(nodeId());
        String ownToken = BundleStore.nodeToken(nodeId());
        List<Path> bundles = bundleStore.recover(token -> !token.equals(ownToken));
        if (deliveries + claims + bundles.size() > 0) {
            LOG.warn("node {} took back what its earlier process left: {} deliveries in flight (tried again now, with the same"
                    + " idempotency keys), {} claimed files, {} half-placed bundles (finished: {})", nodeId(), deliveries, claims,
                    bundles.size(), bundles);
        }
    }

    /**
     * Two nodes under one name would take each other's claims and leases for their own, and the one stopping would hand
     * back what the other has in flight, so a name still registered as alive is not joined under: its node is given
     * until its registration lapses to beat again. If it does, another node runs under this name and this one does not
     * start; if not, it was this node's own process, killed, and this one carries on under the name.
     */
    private void refuseATakenName() throws IOException {
        Optional<ClusterLedger.Node> registered = ledger.node(nodeId()).filter(node -> node.aliveAt(clock.instant(), settings.leaseTime()));
        if (registered.isEmpty()) {
            return;
        }
        Instant seen = registered.get().seenAt();
        LOG.info("node {} was alive {} ms ago: waiting until its registration lapses ({}), in case another node runs under this name",
                nodeId(), Duration.between(seen, clock.instant()).toMillis(), seen.plus(settings.leaseTime()));
        while (clock.instant().isBefore(seen.plus(settings.leaseTime()))) {
            Optional<ClusterLedger.Node> now = ledger.node(nodeId());
            if (now.isPresent() && now.get().seenAt().isAfter(seen)) {
                throw new NodeNameInUseException(nodeId(), now.get().startedAt());
            }
            try {
                Thread.sleep(NAME_CHECK_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while checking whether node " + nodeId() + " runs elsewhere", e);
            }
        }
    }

    /** Says this node is alive, renews its leases and, on the node running the timers, takes over a gone node's work. */
    public Beat beat() throws IOException {
        Instant now = clock.instant();
        ledger.beat(nodeId(), now);
        if (!shared) {
            boolean first = timersUntil == Instant.MIN;
            timersUntil = Instant.MAX;
            return new Beat(first, 0);
        }
        Instant until = now.plus(settings.leaseTime());
        ledger.renewClaims(nodeId(), until);
        boolean held = runsTimers();
        boolean holds = ledger.takeLease(TIMERS, nodeId(), now, until);
        timersUntil = holds ? until : Instant.MIN;
        if (holds && !held) {
            LOG.info("node {} now runs the timers (expiry watch, outbox retry)", nodeId());
        } else if (held && !holds) {
            LOG.warn("node {} no longer runs the timers: node {} has taken them over", nodeId(), ledger.leaseHolder(TIMERS, now).orElse("?"));
        }
        return holds ? new Beat(!held, takeOverAbandoned(now)) : new Beat(false, 0);
    }

    /** True while this node holds the timers lease (always, on the embedded database once started). */
    public boolean runsTimers() {
        return clock.instant().isBefore(timersUntil);
    }

    /** The node running the timers now, as the database says. */
    public Optional<String> timersNode() {
        return shared ? ledger.leaseHolder(TIMERS, clock.instant()) : Optional.of(nodeId());
    }

    /** Every node registered on the database, those gone quiet marked not alive. */
    public List<Member> members() {
        Instant now = clock.instant();
        String timers = timersNode().orElse(null);
        return ledger.nodes().stream()
                .map(n -> new Member(n.nodeId(), n.startedAt(), n.seenAt(), n.aliveAt(now, settings.leaseTime()), n.nodeId().equals(timers)))
                .toList();
    }

    /** Claims a dropped file for this node; false when another node works on it. Always true on the embedded database. */
    public boolean claimFile(String fileKey) {
        if (!shared) {
            return true;
        }
        Instant now = clock.instant();
        return ledger.claimFile(fileKey, nodeId(), now, now.plus(settings.leaseTime()));
    }

    public void releaseFile(String fileKey) {
        if (shared) {
            ledger.releaseFile(fileKey, nodeId());
        }
    }

    public boolean isFileClaimed(String fileKey) {
        return shared && ledger.fileHolder(fileKey, clock.instant()).isPresent();
    }

    /**
     * This node stops: what it still has in flight goes back to the outbox, and its leases go, so another node takes
     * over at once instead of after the takeover time.
     */
    public void leave() {
        if (!joined) {
            return;
        }
        joined = false;
        timersUntil = Instant.MIN;
        try {
            outbox.releaseOwn(nodeId());
            ledger.leave(nodeId());
        } catch (RuntimeException e) {
            LOG.warn("node {} could not sign off ({}); the others take over its leases when they expire", nodeId(), e.getMessage());
        }
    }

    /** @return how many deliveries were taken over */
    private int takeOverAbandoned(Instant now) throws IOException {
        Instant aliveSince = now.minus(settings.leaseTime());
        List<ClusterLedger.Node> nodes = ledger.nodes();
        Set<String> living = nodes.stream().filter(n -> n.aliveAt(now, settings.leaseTime()))
                .map(n -> BundleStore.nodeToken(n.nodeId())).collect(Collectors.toSet());
        living.add(BundleStore.nodeToken(nodeId()));
        int released = outbox.releaseAbandoned(aliveSince);
        if (released > 0) {
            LOG.warn("took over {} deliveries in flight on nodes that stopped answering; they are tried again now, with the same idempotency keys", released);
        }
        for (Path bundle : bundleStore.recover(living::contains)) {
            LOG.warn("finished a bundle a node that stopped answering had left half-placed: {}", bundle);
        }
        ledger.forgetNodes(now.minus(FORGET_AFTER));
        return released;
    }
}
