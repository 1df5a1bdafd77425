package dk.certflow.inventory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which nodes run, which node holds which lease, and which node works on which dropped file: the shared state of two
 * or more nodes on one database (CONTRACTS §11). Every lease carries its node and an expiry; one statement takes a
 * lease that is free or expired, so of nodes racing for it exactly one wins (a row lock in PostgreSQL).
 *
 * <p>Times are the nodes' own clocks (kept in step by NTP on a server); a lease ends at its expiry unless renewed.
 */
public final class ClusterLedger {

    /** A node and when it was last heard of. */
    public record Node(String nodeId, Instant startedAt, Instant seenAt) {

        /** Alive at {@code now}: heard of within {@code leaseTime}, the time after which its leases are free. */
        public boolean aliveAt(Instant now, java.time.Duration leaseTime) {
            return !seenAt.isBefore(now.minus(leaseTime));
        }
    }

    private static final String INSERT_NODE = "INSERT INTO cluster_nodes (node_id, started_at, seen_at) VALUES (?, ?, ?)";
    private static final String DELETE_NODE = "DELETE FROM cluster_nodes WHERE node_id = ?";
    private static final String BEAT = "UPDATE cluster_nodes SET seen_at = ? WHERE node_id = ?";
    private static final String NODES = "SELECT node_id, started_at, seen_at FROM cluster_nodes ORDER BY started_at, node_id";
    private static final String FORGET_NODES = "DELETE FROM cluster_nodes WHERE seen_at < ?";

    private static final String TAKE_LEASE = "UPDATE cluster_leases SET node_id = ?, expires_at = ?"
            + " WHERE name = ? AND (node_id = ? OR expires_at < ?)";
    private static final String INSERT_LEASE = "INSERT INTO cluster_leases (name, node_id, expires_at) VALUES (?, ?, ?)";
    private static final String LEASE_HOLDER = "SELECT node_id FROM cluster_leases WHERE name = ? AND expires_at >= ?";
    private static final String DROP_LEASES = "DELETE FROM cluster_leases WHERE node_id = ?";

    private static final String INSERT_CLAIM = "INSERT INTO intake_claims (file_key, node_id, expires_at) VALUES (?, ?, ?)";
    private static final String TAKE_EXPIRED_CLAIM = "UPDATE intake_claims SET node_id = ?, expires_at = ?"
            + " WHERE file_key = ? AND expires_at < ?";
    private static final String RENEW_CLAIMS = "UPDATE intake_claims SET expires_at = ? WHERE node_id = ?";
    private static final String RELEASE_CLAIM = "DELETE FROM intake_claims WHERE file_key = ? AND node_id = ?";
    private static final String DROP_CLAIMS = "DELETE FROM intake_claims WHERE node_id = ?";
    private static final String CLAIM_HOLDER = "SELECT node_id FROM intake_claims WHERE file_key = ? AND expires_at >= ?";

    private final Database database;

    public ClusterLedger(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Registers a starting node (again, if a node of that name stopped without saying so). */
    public void join(String nodeId, Instant now) {
        database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(DELETE_NODE);
                 PreparedStatement insert = connection.prepareStatement(INSERT_NODE)) {
                delete.setString(1, nodeId);
                delete.executeUpdate();
                insert.setString(1, nodeId);
                Jdbc.setInstant(insert, 2, now);
                Jdbc.setInstant(insert, 3, now);
                return insert.executeUpdate();
            }
        });
    }

    /** The node is alive now; registers it again if the others had already given it up. */
    public void beat(String nodeId, Instant now) {
        if (database.update(BEAT, now, nodeId) == 0) {
            join(nodeId, now);
        }
    }

    /** A node stopping: its row, its leases and its claims go, so the others need not wait for them to expire. */
    public void leave(String nodeId) {
        database.inTransaction(connection -> {
            for (String sql : List.of(DROP_CLAIMS, DROP_LEASES, DELETE_NODE)) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, nodeId);
                    statement.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Drops every claim on a dropped file held in this node's name. @return how many */
    public int dropClaims(String nodeId) {
        return database.update(DROP_CLAIMS, nodeId);
    }

    /** Every registered node, the first started first. */
    public List<Node> nodes() {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(NODES);
                 ResultSet rows = statement.executeQuery()) {
                List<Node> nodes = new ArrayList<>();
                while (rows.next()) {
                    nodes.add(new Node(rows.getString("node_id"), Jdbc.getInstant(rows, "started_at"),
                            Jdbc.getInstant(rows, "seen_at")));
                }
                return nodes;
            }
        });
    }

    /** The node registered under {@code nodeId}, if any. */
    public Optional<Node> node(String nodeId) {
        return nodes().stream().filter(node -> node.nodeId().equals(nodeId)).findFirst();
    }

    /** Forgets nodes not heard of since {@code before}. */
    public int forgetNodes(Instant before) {
        return database.update(FORGET_NODES, before);
    }

    /**
     * Takes or renews lease {@code name} for {@code nodeId} until {@code expiresAt}: it succeeds when the node holds the
     * lease already, or the lease is free or expired.
     */
    public boolean takeLease(String name, String nodeId, Instant now, Instant expiresAt) {
        return database.update(TAKE_LEASE, nodeId, expiresAt, name, nodeId, now) == 1
                || insertOnce(INSERT_LEASE, name, nodeId, expiresAt);
    }

    /** The node holding lease {@code name} at {@code now}, if any. */
    public Optional<String> leaseHolder(String name, Instant now) {
        return holder(LEASE_HOLDER, name, now);
    }

    /** Claims a dropped file for {@code nodeId}: true when nobody held it, or its holder let the claim expire. */
    public boolean claimFile(String fileKey, String nodeId, Instant now, Instant expiresAt) {
        if (insertOnce(INSERT_CLAIM, fileKey, nodeId, expiresAt)) {
            return true;
        }
        return database.update(TAKE_EXPIRED_CLAIM, nodeId, expiresAt, fileKey, now) == 1;
    }

    /** Keeps every claim of a living node from expiring. */
    public int renewClaims(String nodeId, Instant expiresAt) {
        return database.update(RENEW_CLAIMS, expiresAt, nodeId);
    }

    public void releaseFile(String fileKey, String nodeId) {
        database.update(RELEASE_CLAIM, fileKey, nodeId);
    }

    /** The node working on a dropped file at {@code now}, if any. */
    public Optional<String> fileHolder(String fileKey, Instant now) {
        return holder(CLAIM_HOLDER, fileKey, now);
    }

    private Optional<String> holder(String sql, String key, Instant now) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, key);
                Jdbc.setInstant(statement, 2, now);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Inserts (key, node, expiry); false when the key is taken (by a concurrent node, too). */
    private boolean insertOnce(String sql, String key, String nodeId, Instant expiresAt) {
        try {
            return database.update(sql, key, nodeId, expiresAt) == 1;
        } catch (InventoryException e) {
            if (e.isUniqueViolation()) {
                return false;
            }
            throw e;
        }
    }
}
