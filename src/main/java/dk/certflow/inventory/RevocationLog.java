package dk.certflow.inventory;

import dk.certflow.revocation.RevocationStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The last revocation status of each recorded certificate, and whether its revocation was announced. */
public final class RevocationLog {

    private static final int REASON_LENGTH = 1000;
    private static final String UPDATE = "UPDATE revocations SET status = ?, checked_at = ?, revoked_at = ?, reason = ?"
            + " WHERE fingerprint = ?";
    private static final String INSERT = "INSERT INTO revocations (status, checked_at, revoked_at, reason, fingerprint)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String ALL = "SELECT fingerprint, status, checked_at, revoked_at, reason FROM revocations";
    private static final String NOTIFIED = "SELECT notified_at FROM revocations WHERE fingerprint = ?";
    private static final String CLAIM = "UPDATE revocations SET notified_at = ? WHERE fingerprint = ? AND status = 'revoked'"
            + " AND notified_at IS NULL";

    private final Database database;
    private final Clock clock;

    public RevocationLog(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Remembers {@code status} as the certificate's latest. */
    public void record(String fingerprint, RevocationStatus status) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (write(UPDATE, fingerprint, status) == 0) {
            try {
                write(INSERT, fingerprint, status);
            } catch (InventoryException e) {
                if (!e.isUniqueViolation()) {
                    throw e;
                }
                write(UPDATE, fingerprint, status); // inserted meanwhile by another check: this one is newer
            }
        }
    }

    private int write(String sql, String fingerprint, RevocationStatus status) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, status.status().value());
                Jdbc.setInstant(statement, 2, status.checkedAt());
                Jdbc.setInstant(statement, 3, status.revokedAt());
                statement.setString(4, status.reason() == null ? null : Jdbc.clip(status.reason(), REASON_LENGTH));
                statement.setString(5, fingerprint);
                return statement.executeUpdate();
            }
        });
    }

    /** Every certificate's latest status, by fingerprint. */
    public Map<String, RevocationStatus> all() {
        return database.withConnection(connection -> {
            Map<String, RevocationStatus> all = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(ALL); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    all.put(rows.getString("fingerprint"), new RevocationStatus(RevocationStatus.Status.of(rows.getString("status")),
                            Jdbc.getInstant(rows, "checked_at"), Jdbc.getInstant(rows, "revoked_at"), rows.getString("reason"), null, null));
                }
            }
            return all;
        });
    }

    /** True once the certificate.revoked notice of this certificate has been recorded as sent. */
    public boolean revokedNoticeSent(String fingerprint) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(NOTIFIED)) {
                statement.setString(1, fingerprint);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() && Jdbc.getInstant(rows, "notified_at") != null;
                }
            }
        });
    }

    /**
     * Claims the one certificate.revoked notice of a certificate recorded as revoked: true for exactly one caller, ever;
     * false when it was claimed before (also before a restart).
     */
    public boolean claimRevokedNotice(String fingerprint) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
                Jdbc.setInstant(statement, 1, clock.instant());
                statement.setString(2, fingerprint);
                return statement.executeUpdate() == 1;
            }
        });
    }
}
