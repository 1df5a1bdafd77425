package dk.certflow.inventory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * Deliveries to WorkZone, the records endpoint, the webhook and mail that must not be lost: queued once per
 * (target, idempotency key), tried until delivered, refused for good, or too old.
 */
public final class Outbox {

    private static final String COLUMNS = "id, target, fingerprint, idempotency_key, payload, status, attempts, "
            + "created_at, next_attempt_at, last_error, delivered_at";

    private static final String INSERT = "INSERT INTO deliveries (target, fingerprint, idempotency_key, payload, "
            + "status, attempts, created_at, next_attempt_at, leased_by) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)";
    private static final String SELECT_BY_KEY = "SELECT " + COLUMNS
            + " FROM deliveries WHERE target = ? AND idempotency_key = ?";
    private static final String SELECT_BY_ID = "SELECT " + COLUMNS + " FROM deliveries WHERE id = ?";
    private static final String LOCK_BY_ID = SELECT_BY_ID + " FOR UPDATE";
    private static final String SELECT_DUE = "SELECT " + COLUMNS + " FROM deliveries"
            + " WHERE status = 'pending' AND next_attempt_at <= ?"
            + " ORDER BY created_at, id FETCH FIRST ? ROWS ONLY";
    private static final String LOCK_PENDING_CREATED_BEFORE = "SELECT " + COLUMNS + " FROM deliveries"
            + " WHERE status = 'pending' AND created_at < ? ORDER BY created_at, id FOR UPDATE";
    private static final String UPDATE_AFTER_ATTEMPT = "UPDATE deliveries SET attempts = attempts + 1, status = ?,"
            + " next_attempt_at = ?, last_error = ?, delivered_at = ?,"
            + " leased_by = CASE WHEN ? THEN leased_by ELSE NULL END WHERE id = ?";
    private static final String MARK_FAILED = "UPDATE deliveries SET status = 'failed', last_error = ?"
            + " WHERE id = ? AND status = 'pending'";
    private static final String LEASE = "UPDATE deliveries SET next_attempt_at = ?, leased_by = ?"
            + " WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?";
    /** Makes pending deliveries due now ({@code ?}) and in nobody's hands; the callers add which ones. */
    private static final String RELEASE = "UPDATE deliveries SET next_attempt_at = ?, leased_by = NULL WHERE status = 'pending'";
    private static final String LIVING_NODES = "(SELECT node_id FROM cluster_nodes WHERE seen_at >= ?)";
    private static final String RELEASE_ALL = RELEASE + " AND next_attempt_at > ?";
    private static final String RELEASE_ABANDONED = RELEASE + " AND leased_by IS NOT NULL AND leased_by NOT IN " + LIVING_NODES;
    private static final String RELEASE_WAITING = RELEASE + " AND next_attempt_at > ?"
            + " AND (leased_by IS NULL OR leased_by NOT IN " + LIVING_NODES + ")";
    private static final String RELEASE_OWN = RELEASE + " AND leased_by = ?";
    private static final String SELECT_UNFINISHED = "SELECT " + COLUMNS + " FROM deliveries"
            + " WHERE status IN ('pending', 'failed') ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
    private static final String COUNT_PENDING = "SELECT COUNT(*) FROM deliveries WHERE status = 'pending'";
    private static final String OLDEST_PENDING = "SELECT MIN(created_at) AS oldest FROM deliveries"
            + " WHERE status = 'pending'";

    private static final String INSERT_ATTEMPT = "INSERT INTO delivery_attempts (delivery_id, attempted_at, result,"
            + " http_status, message) VALUES (?, ?, ?, ?, ?)";
    private static final String SELECT_ATTEMPTS = "SELECT delivery_id, attempted_at, result, http_status, message"
            + " FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempted_at, id";

    /** Width of last_error and delivery_attempts.message. */
    private static final int MAX_MESSAGE_LENGTH = 1000;

    private final Database database;
    private final Clock clock;
    private final RetryBackoff backoff;

    public Outbox(Database database, Clock clock) {
        this(database, clock, RetryBackoff.DEFAULT);
    }

    public Outbox(Database database, Clock clock, RetryBackoff backoff) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * Queues a delivery, due now. If (target, idempotencyKey) is already queued, nothing changes and the existing
     * delivery is returned, whatever its status; safe against concurrent callers.
     */
    public Delivery enqueue(DeliveryTarget target, String fingerprint, String idempotencyKey, String payload) {
        Instant now = clock.instant();
        return insert(target, fingerprint, idempotencyKey, payload, now, now, null).orElseGet(() -> byKey(target, idempotencyKey));
    }

    /**
     * Queues a delivery already leased to {@code nodeId} for {@code lease}, as {@link #lease} would, in the one write
     * that queues it: the caller attempts it at once.
     *
     * @return the new delivery; empty when (target, idempotencyKey) was queued before, and nothing changed
     */
    public Optional<Delivery> enqueueLeased(DeliveryTarget target, String fingerprint, String idempotencyKey, String payload,
            Duration lease, String nodeId) {
        Instant now = clock.instant();
        return insert(target, fingerprint, idempotencyKey, payload, now, now.plus(lease), Objects.requireNonNull(nodeId, "nodeId"));
    }

    /** The delivery queued before under (target, idempotencyKey), whatever its status. */
    public Delivery byKey(DeliveryTarget target, String idempotencyKey) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(SELECT_BY_KEY)) {
                statement.setString(1, target.value());
                statement.setString(2, idempotencyKey);
                return single(statement).orElseThrow();
            }
        });
    }

    public Optional<Delivery> find(long deliveryId) {
        return database.withConnection(connection -> find(connection, SELECT_BY_ID, deliveryId));
    }

    /** Pending deliveries whose next attempt is due, oldest first, at most {@code limit}. */
    public List<Delivery> due(int limit) {
        Instant now = clock.instant();
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(SELECT_DUE)) {
                Jdbc.setInstant(statement, 1, now);
                statement.setInt(2, limit);
                return list(statement);
            }
        });
    }

    /**
     * Records one attempt and moves the delivery on: OK delivers it, RETRY schedules the next attempt after the backoff
     * for its attempt count, FAILED gives up (a WorkZone upload's certificate follows, see {@link #settleUpload}). An
     * attempt on a delivery that is no longer pending (given
     * up meanwhile) is recorded but does not change it.
     *
     * @return the delivery as it now stands
     * @throws NoSuchElementException if there is no delivery {@code deliveryId}
     */
    public Delivery recordAttempt(long deliveryId, AttemptResult result, Integer httpStatus, String message) {
        Objects.requireNonNull(result, "result");
        Instant now = clock.instant();
        String clipped = Jdbc.clip(message, MAX_MESSAGE_LENGTH);
        return database.inTransaction(connection -> {
            Delivery delivery = find(connection, LOCK_BY_ID, deliveryId)
                    .orElseThrow(() -> new NoSuchElementException("No delivery " + deliveryId));
            insertAttempt(connection, deliveryId, now, result, httpStatus, clipped);
            if (delivery.status() != DeliveryStatus.PENDING) {
                return delivery;
            }
            int attempts = delivery.attempts() + 1;
            try (PreparedStatement statement = connection.prepareStatement(UPDATE_AFTER_ATTEMPT)) {
                switch (result) {
                    case OK -> {
                        statement.setString(1, DeliveryStatus.DELIVERED.value());
                        Jdbc.setInstant(statement, 2, delivery.nextAttemptAt());
                        statement.setString(3, null);
                        Jdbc.setInstant(statement, 4, now);
                    }
                    case RETRY -> {
                        statement.setString(1, DeliveryStatus.PENDING.value());
                        Jdbc.setInstant(statement, 2, now.plus(backoff.delayAfter(attempts)));
                        statement.setString(3, clipped);
                        Jdbc.setInstant(statement, 4, null);
                    }
                    case FAILED -> {
                        statement.setString(1, DeliveryStatus.FAILED.value());
                        Jdbc.setInstant(statement, 2, delivery.nextAttemptAt());
                        statement.setString(3, clipped);
                        Jdbc.setInstant(statement, 4, null);
                    }
                }
                // a delivery to be tried again stays with the node that tried it, between the retries of its dispatch too
                statement.setBoolean(5, result == AttemptResult.RETRY);
                statement.setLong(6, deliveryId);
                statement.executeUpdate();
            }
            switch (result) {
                case OK -> settleUpload(connection, delivery, UploadStatus.UPLOADED, now, now);
                case FAILED -> settleUpload(connection, delivery, UploadStatus.FAILED, null, now);
                case RETRY -> { }
            }
            return find(connection, SELECT_BY_ID, deliveryId).orElseThrow();
        });
    }

    /** The attempts made at a delivery, in order. */
    public List<DeliveryAttempt> attempts(long deliveryId) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(SELECT_ATTEMPTS)) {
                statement.setLong(1, deliveryId);
                try (ResultSet rows = statement.executeQuery()) {
                    List<DeliveryAttempt> attempts = new ArrayList<>();
                    while (rows.next()) {
                        attempts.add(new DeliveryAttempt(rows.getLong("delivery_id"),
                                Jdbc.getInstant(rows, "attempted_at"), AttemptResult.of(rows.getString("result")),
                                Jdbc.getNullableInt(rows, "http_status"), rows.getString("message")));
                    }
                    return attempts;
                }
            }
        });
    }

    /**
     * Gives up on pending deliveries queued more than {@code maxAge} ago: they become failed.
     *
     * @return the deliveries given up, as they now stand, so they can be reported
     */
    public List<Delivery> failExpired(Duration maxAge) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(maxAge);
        String reason = "Not delivered within " + maxAge;
        return database.inTransaction(connection -> {
            List<Delivery> expired;
            try (PreparedStatement statement = connection.prepareStatement(LOCK_PENDING_CREATED_BEFORE)) {
                Jdbc.setInstant(statement, 1, cutoff);
                expired = list(statement);
            }
            List<Delivery> failed = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(MARK_FAILED)) {
                for (Delivery delivery : expired) {
                    statement.setString(1, reason);
                    statement.setLong(2, delivery.id());
                    statement.executeUpdate();
                    settleUpload(connection, delivery, UploadStatus.FAILED, null, now);
                    failed.add(find(connection, SELECT_BY_ID, delivery.id()).orElseThrow());
                }
            }
            return failed;
        });
    }

    /**
     * Claims a due delivery for one dispatch on node {@code nodeId}: its next attempt moves {@code duration} ahead, so
     * neither the retry timer nor a second dispatcher (on this node or another) sends it again while this one is still
     * trying.
     *
     * @return false when the delivery is not pending or not due (someone else has it, or it waits for its backoff)
     */
    public boolean lease(long deliveryId, Duration duration, String nodeId) {
        Instant now = clock.instant();
        return database.update(LEASE, now.plus(duration), nodeId, deliveryId, now) == 1;
    }

    /**
     * Makes the deliveries in flight on nodes not heard of since {@code aliveSince} (killed, or cut off) due now, so a
     * living node tries them again with the same idempotency key.
     *
     * @return how many deliveries were taken over
     */
    public int releaseAbandoned(Instant aliveSince) {
        return database.update(RELEASE_ABANDONED, clock.instant(), aliveSince);
    }

    /**
     * At the start of a node beside others: what waits for its next attempt and is not in the hands of a living node (in
     * flight, or between the retries of one dispatch) becomes due now, as {@link #releaseAll} does for the only node.
     *
     * @return how many deliveries were made due
     */
    public int releaseWaiting(Instant aliveSince) {
        Instant now = clock.instant();
        return database.update(RELEASE_WAITING, now, now, aliveSince);
    }

    /** A node stopping hands back what it still has in flight: due now, for the other nodes or the next start. */
    public int releaseOwn(String nodeId) {
        return database.update(RELEASE_OWN, clock.instant(), nodeId);
    }

    /**
     * At the start of the only node (on the embedded database) nothing is in flight: every pending delivery becomes due now, so leases and backoffs of a process that
     * stopped (or was killed) do not delay the retry.
     *
     * @return how many deliveries were made due
     */
    public int releaseAll() {
        Instant now = clock.instant();
        return database.update(RELEASE_ALL, now, now);
    }

    /** Deliveries still pending or given up, newest first, at most {@code limit}: what the console shows. */
    public List<Delivery> unfinished(int limit) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(SELECT_UNFINISHED)) {
                statement.setInt(1, limit);
                return list(statement);
            }
        });
    }

    public int pendingCount() {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_PENDING);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /** When the oldest pending delivery was queued: a health check can call the outbox stuck from this. */
    public Optional<Instant> oldestPendingCreatedAt() {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(OLDEST_PENDING);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return Optional.ofNullable(Jdbc.getInstant(rows, "oldest"));
            }
        });
    }

    /**
     * A WorkZone upload that reached its end (delivered, refused, given up) settles its certificate's upload status in the
     * same transaction, so no kill leaves the certificate saying pending.
     */
    private static void settleUpload(Connection connection, Delivery delivery, UploadStatus status, Instant uploadedAt,
            Instant now) throws SQLException {
        if (delivery.target() == DeliveryTarget.WORKZONE && delivery.fingerprint() != null) {
            CertificateInventory.updateUpload(connection, delivery.fingerprint(), status, uploadedAt, now);
        }
    }

    private static void insertAttempt(Connection connection, long deliveryId, Instant at, AttemptResult result,
            Integer httpStatus, String message) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ATTEMPT)) {
            statement.setLong(1, deliveryId);
            Jdbc.setInstant(statement, 2, at);
            statement.setString(3, result.value());
            Jdbc.setNullableInt(statement, 4, httpStatus);
            statement.setString(5, message);
            statement.executeUpdate();
        }
    }

    private static Optional<Delivery> find(Connection connection, String sql, long deliveryId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, deliveryId);
            return single(statement);
        }
    }

    /** The new pending delivery, as inserted; empty when the unique key (target, idempotency key) refused it. */
    private Optional<Delivery> insert(DeliveryTarget target, String fingerprint, String idempotencyKey, String payload,
            Instant now, Instant nextAttemptAt, String leasedBy) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(payload, "payload");
        // the instants as the database keeps them (microseconds), so the delivery returned is the one a query would return
        Instant createdAt = now.truncatedTo(ChronoUnit.MICROS);
        Instant due = nextAttemptAt.truncatedTo(ChronoUnit.MICROS);
        try {
            long id = database.withConnection(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(INSERT, new String[] {"id"})) {
                    Jdbc.bind(statement, target.value(), fingerprint, idempotencyKey, payload, createdAt, due, leasedBy);
                    statement.executeUpdate();
                    try (ResultSet keys = statement.getGeneratedKeys()) {
                        keys.next();
                        return keys.getLong(1);
                    }
                }
            });
            return Optional.of(new Delivery(id, target, fingerprint, idempotencyKey, payload, DeliveryStatus.PENDING, 0, createdAt,
                    due, null, null));
        } catch (InventoryException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private static Optional<Delivery> single(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(map(rows)) : Optional.empty();
        }
    }

    private static List<Delivery> list(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<Delivery> deliveries = new ArrayList<>();
            while (rows.next()) {
                deliveries.add(map(rows));
            }
            return deliveries;
        }
    }

    private static Delivery map(ResultSet rows) throws SQLException {
        return new Delivery(
                rows.getLong("id"),
                DeliveryTarget.of(rows.getString("target")),
                rows.getString("fingerprint"),
                rows.getString("idempotency_key"),
                rows.getString("payload"),
                DeliveryStatus.of(rows.getString("status")),
                rows.getInt("attempts"),
                Jdbc.getInstant(rows, "created_at"),
                Jdbc.getInstant(rows, "next_attempt_at"),
                rows.getString("last_error"),
                Jdbc.getInstant(rows, "delivered_at"));
    }
}
