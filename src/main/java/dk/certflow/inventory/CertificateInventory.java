package dk.certflow.inventory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificates the service has accepted. Recording is idempotent per fingerprint and keeps one active
 * certificate per CVR and WorkZone profile: the one that expires last.
 */
public final class CertificateInventory {

    private static final String COLUMNS = "fingerprint, sha1_thumbprint, cvr, organisation, subject, issuer, "
            + "serial_number, uuid, environment, profile, not_before, not_after, authorization_expiry, source_file, "
            + "out_dir, status, superseded_by, upload_status, uploaded_at, created_at, updated_at";

    private static final String INSERT = "INSERT INTO certificates (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT_BY_FINGERPRINT = "SELECT " + COLUMNS
            + " FROM certificates WHERE fingerprint = ?";
    private static final String SELECT_ALL = "SELECT " + COLUMNS
            + " FROM certificates ORDER BY cvr, profile, not_after DESC, fingerprint";
    private static final String SELECT_ACTIVE = "SELECT " + COLUMNS
            + " FROM certificates WHERE status = 'active' ORDER BY not_after, fingerprint";
    private static final String SELECT_LATEST_ACTIVE_EXPIRING_AFTER = "SELECT fingerprint FROM certificates"
            + " WHERE cvr = ? AND profile = ? AND status = 'active' AND not_after > ?"
            + " ORDER BY not_after DESC, fingerprint FETCH FIRST 1 ROWS ONLY";
    private static final String LOCK_ACTIVE_EXPIRING_BEFORE = "SELECT fingerprint, not_after FROM certificates"
            + " WHERE cvr = ? AND profile = ? AND status = 'active' AND fingerprint <> ? AND not_after < ?"
            + " ORDER BY not_after, fingerprint FOR UPDATE";
    private static final String SUPERSEDE = "UPDATE certificates"
            + " SET status = 'superseded', superseded_by = ?, updated_at = ? WHERE fingerprint = ?";
    private static final String UPDATE_UPLOAD = "UPDATE certificates"
            + " SET upload_status = ?, uploaded_at = ?, updated_at = ? WHERE fingerprint = ?";

    /** A WorkZone delivery the outbox has as delivered, but whose certificate still says pending. */
    private static final String DELIVERED_UPLOAD = " FROM deliveries d WHERE d.fingerprint = certificates.fingerprint"
            + " AND d.target = 'workzone' AND d.status = 'delivered'";
    private static final String RECONCILE_UPLOADS = "UPDATE certificates SET upload_status = 'uploaded',"
            + " uploaded_at = (SELECT MAX(d.delivered_at)" + DELIVERED_UPLOAD + "), updated_at = ?"
            + " WHERE upload_status = 'pending' AND EXISTS (SELECT 1" + DELIVERED_UPLOAD + ")";

    /** A collision whose winner then rolled back leaves nothing to report as the duplicate: insert again. */
    private static final int MAX_INSERT_TRIES = 3;

    private final Database database;
    private final Clock clock;

    public CertificateInventory(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records {@code certificate} unless its fingerprint is already there. In the same transaction, every other
     * active certificate for the same CVR and profile that expires earlier becomes superseded by it; if an active
     * one expires later, the new one is recorded as superseded by that one instead. Safe to call concurrently:
     * of several callers with the same fingerprint exactly one gets ACCEPTED.
     */
    public RecordResult record(NewCertificate certificate) {
        for (int tries = 0; tries < MAX_INSERT_TRIES; tries++) {
            try {
                return database.inTransaction(connection -> insertAndSupersede(connection, certificate));
            } catch (InventoryException e) {
                if (!e.isUniqueViolation()) {
                    throw e;
                }
            }
            Optional<CertificateRecord> existing = find(certificate.fingerprint());
            if (existing.isPresent()) {
                return RecordResult.duplicate(existing.get());
            }
        }
        throw new IllegalStateException("Certificate " + certificate.fingerprint()
                + " collided with a concurrent write " + MAX_INSERT_TRIES + " times");
    }

    public Optional<CertificateRecord> find(String fingerprint) {
        return database.withConnection(connection -> find(connection, fingerprint));
    }

    /** Every certificate, by CVR and profile, latest expiry first. */
    public List<CertificateRecord> all() {
        return database.withConnection(connection -> list(connection, SELECT_ALL));
    }

    /** The certificates in use, soonest expiry first: what the expiry watch looks at. */
    public List<CertificateRecord> active() {
        return database.withConnection(connection -> list(connection, SELECT_ACTIVE));
    }

    /** Records how the WorkZone upload went; false when the fingerprint is unknown. */
    public boolean updateUpload(String fingerprint, UploadStatus uploadStatus, Instant uploadedAt) {
        Objects.requireNonNull(uploadStatus, "uploadStatus");
        Instant now = clock.instant();
        return database.withConnection(connection -> updateUpload(connection, fingerprint, uploadStatus, uploadedAt, now));
    }

    /** The same inside a caller's transaction: the outbox settles a WorkZone delivery and its certificate in one. */
    static boolean updateUpload(Connection connection, String fingerprint, UploadStatus uploadStatus, Instant uploadedAt,
            Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_UPLOAD)) {
            statement.setString(1, uploadStatus.value());
            Jdbc.setInstant(statement, 2, uploadedAt);
            Jdbc.setInstant(statement, 3, now);
            statement.setString(4, fingerprint);
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Marks uploaded what the outbox delivered to WorkZone while this record still says pending: releases before the two
     * were written in one transaction wrote them one after the other, so a process killed between them left that gap.
     * Called at start; returns how many it closed.
     */
    public int reconcileUploads() {
        Instant now = clock.instant();
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(RECONCILE_UPLOADS)) {
                Jdbc.setInstant(statement, 1, now);
                return statement.executeUpdate();
            }
        });
    }

    private RecordResult insertAndSupersede(Connection connection, NewCertificate certificate) throws SQLException {
        Instant now = clock.instant();
        Optional<String> successor = latestActiveExpiringAfter(connection, certificate);
        insert(connection, certificate, successor.orElse(null), now);
        List<SupersededCertificate> superseded = successor.isPresent()
                ? List.of()
                : supersedeEarlier(connection, certificate, now);
        return RecordResult.accepted(find(connection, certificate.fingerprint()).orElseThrow(), superseded);
    }

    private static Optional<String> latestActiveExpiringAfter(Connection connection, NewCertificate certificate)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT_LATEST_ACTIVE_EXPIRING_AFTER)) {
            statement.setString(1, certificate.cvr());
            statement.setString(2, certificate.profile());
            Jdbc.setInstant(statement, 3, certificate.notAfter());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString("fingerprint")) : Optional.empty();
            }
        }
    }

    private static void insert(Connection connection, NewCertificate c, String supersededBy, Instant now)
            throws SQLException {
        CertificateStatus status = supersededBy == null ? CertificateStatus.ACTIVE : CertificateStatus.SUPERSEDED;
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, c.fingerprint());
            statement.setString(2, c.sha1Thumbprint());
            statement.setString(3, c.cvr());
            statement.setString(4, c.organisation());
            statement.setString(5, c.subject());
            statement.setString(6, c.issuer());
            statement.setString(7, c.serialNumber());
            statement.setString(8, c.uuid());
            statement.setString(9, c.environment());
            statement.setString(10, c.profile());
            Jdbc.setInstant(statement, 11, c.notBefore());
            Jdbc.setInstant(statement, 12, c.notAfter());
            Jdbc.setDate(statement, 13, c.authorizationExpiry());
            statement.setString(14, c.sourceFile());
            statement.setString(15, c.outDir());
            statement.setString(16, status.value());
            statement.setString(17, supersededBy);
            statement.setString(18, c.uploadStatus().value());
            Jdbc.setInstant(statement, 19, null);
            Jdbc.setInstant(statement, 20, now);
            Jdbc.setInstant(statement, 21, now);
            statement.executeUpdate();
        }
    }

    private static List<SupersededCertificate> supersedeEarlier(Connection connection, NewCertificate successor,
            Instant now) throws SQLException {
        List<SupersededCertificate> superseded = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LOCK_ACTIVE_EXPIRING_BEFORE)) {
            statement.setString(1, successor.cvr());
            statement.setString(2, successor.profile());
            statement.setString(3, successor.fingerprint());
            Jdbc.setInstant(statement, 4, successor.notAfter());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    superseded.add(new SupersededCertificate(rows.getString("fingerprint"),
                            Jdbc.getInstant(rows, "not_after")));
                }
            }
        }
        if (superseded.isEmpty()) {
            return superseded;
        }
        try (PreparedStatement statement = connection.prepareStatement(SUPERSEDE)) {
            for (SupersededCertificate old : superseded) {
                statement.setString(1, successor.fingerprint());
                Jdbc.setInstant(statement, 2, now);
                statement.setString(3, old.fingerprint());
                statement.addBatch();
            }
            statement.executeBatch();
        }
        return superseded;
    }

    private static Optional<CertificateRecord> find(Connection connection, String fingerprint) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT_BY_FINGERPRINT)) {
            statement.setString(1, fingerprint);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        }
    }

    private static List<CertificateRecord> list(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            List<CertificateRecord> certificates = new ArrayList<>();
            while (rows.next()) {
                certificates.add(map(rows));
            }
            return certificates;
        }
    }

    private static CertificateRecord map(ResultSet rows) throws SQLException {
        return new CertificateRecord(
                rows.getString("fingerprint"),
                rows.getString("sha1_thumbprint"),
                rows.getString("cvr"),
                rows.getString("organisation"),
                rows.getString("subject"),
                rows.getString("issuer"),
                rows.getString("serial_number"),
                rows.getString("uuid"),
                rows.getString("environment"),
                rows.getString("profile"),
                Jdbc.getInstant(rows, "not_before"),
                Jdbc.getInstant(rows, "not_after"),
                Jdbc.getDate(rows, "authorization_expiry"),
                rows.getString("source_file"),
                rows.getString("out_dir"),
                CertificateStatus.of(rows.getString("status")),
                rows.getString("superseded_by"),
                UploadStatus.of(rows.getString("upload_status")),
                Jdbc.getInstant(rows, "uploaded_at"),
                Jdbc.getInstant(rows, "created_at"),
                Jdbc.getInstant(rows, "updated_at"));
    }
}
