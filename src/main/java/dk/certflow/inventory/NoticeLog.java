package dk.certflow.inventory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which expiry notices have been sent, so that each (certificate, deadline, threshold) is sent once, across
 * restarts and concurrent watches.
 */
public final class NoticeLog {

    private static final String INSERT = "INSERT INTO notices (fingerprint, deadline, threshold_days, event, severity,"
            + " sent_at) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String SMALLEST_THRESHOLDS = "SELECT fingerprint, deadline, MIN(threshold_days) AS threshold FROM notices"
            + " GROUP BY fingerprint, deadline";
    private static final String SMALLEST_THRESHOLD = "SELECT MIN(threshold_days) AS threshold FROM notices"
            + " WHERE fingerprint = ? AND deadline = ?";

    private final Database database;
    private final Clock clock;

    public NoticeLog(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Remembers that the notice for {@code thresholdDays} before {@code deadline} of certificate
     * {@code fingerprint} was sent (now). Returns false, changing nothing, when it was already remembered; of
     * concurrent callers exactly one gets true.
     */
    public boolean markNoticeSent(String fingerprint, DeadlineKind deadline, int thresholdDays, String event,
            String severity) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(severity, "severity");
        Instant now = clock.instant();
        try {
            return database.withConnection(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                    statement.setString(1, fingerprint);
                    statement.setString(2, deadline.value());
                    statement.setInt(3, thresholdDays);
                    statement.setString(4, event);
                    statement.setString(5, severity);
                    Jdbc.setInstant(statement, 6, now);
                    return statement.executeUpdate() == 1;
                }
            });
        } catch (InventoryException e) {
            if (e.isUniqueViolation()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The threshold closest to the deadline (fewest days) already notified for this certificate and deadline;
     * empty when none was.
     */
    public Optional<Integer> lastThresholdNotified(String fingerprint, DeadlineKind deadline) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(SMALLEST_THRESHOLD)) {
                statement.setString(1, fingerprint);
                statement.setString(2, deadline.value());
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return Optional.ofNullable(Jdbc.getNullableInt(rows, "threshold"));
                }
            }
        });
    }

    /**
     * {@link #lastThresholdNotified} of every certificate and deadline at once, keyed by {@link #key}: one query for
     * a whole expiry watch instead of one per certificate.
     */
    public Map<String, Integer> lastThresholdsNotified() {
        return database.withConnection(connection -> {
            Map<String, Integer> thresholds = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(SMALLEST_THRESHOLDS);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    thresholds.put(rows.getString("fingerprint") + "/" + rows.getString("deadline"), rows.getInt("threshold"));
                }
            }
            return thresholds;
        });
    }

    /** The key of a certificate's deadline in {@link #lastThresholdsNotified}. */
    public static String key(String fingerprint, DeadlineKind deadline) {
        return fingerprint + "/" + deadline.value();
    }
}
