package dk.certflow.inventory;

import dk.certflow.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path tempDir;

    private TestDatabases.TestDatabase testDatabase;

    @BeforeEach
    void createDatabase() {
        testDatabase = TestDatabases.create(tempDir);
    }

    @AfterEach
    void dropDatabase() {
        testDatabase.close();
    }

    @Test
    void migratesAnEmptyDatabaseToTheInventorySchema() throws SQLException {
        try (Database database = testDatabase.open()) {
            assertThat(appliedMigrations(database)).containsExactly("1:true", "2:true", "3:true");
            for (String table : List.of("certificates", "deliveries", "delivery_attempts", "notices", "revocations",
                    "cluster_nodes", "cluster_leases", "intake_claims")) {
                assertThat(count(database, "SELECT COUNT(*) FROM " + table)).as(table).isZero();
            }
            assertThat(database.isUsable()).isTrue();
        }
    }

    @Test
    void reopeningKeepsTheDataAndDoesNotMigrateAgain() throws SQLException {
        NewCertificate certificate = TestCertificates.certificate("reopen", "12345674", "CVR",
                Instant.parse("2027-06-30T23:59:59Z"));
        List<String> migrationsBefore;
        try (Database database = testDatabase.open()) {
            new CertificateInventory(database, new MutableClock(NOW)).record(certificate);
            migrationsBefore = installedOn(database);
        }
        try (Database database = testDatabase.open()) {
            assertThat(installedOn(database)).isEqualTo(migrationsBefore);
            assertThat(appliedMigrations(database)).containsExactly("1:true", "2:true", "3:true");
            assertThat(new CertificateInventory(database, new MutableClock(NOW)).find(certificate.fingerprint()))
                    .hasValueSatisfying(stored -> assertThat(stored.createdAt()).isEqualTo(NOW));
        }
    }

    @Test
    void isNotUsableOnceClosed() {
        Database database = testDatabase.open();
        assertThat(database.isUsable()).isTrue();
        database.close();
        assertThat(database.isUsable()).isFalse();
    }

    /** Flyway's own table; its names are quoted lower case on H2 and PostgreSQL alike. */
    private static List<String> appliedMigrations(Database database) throws SQLException {
        return strings(database, "SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"", rows -> rows.getString(1) + ":" + rows.getBoolean(2));
    }

    private static List<String> installedOn(Database database) throws SQLException {
        return strings(database, "SELECT \"version\", \"installed_on\" FROM \"flyway_schema_history\""
                + " ORDER BY \"installed_rank\"",
                rows -> rows.getString(1) + "@" + rows.getTimestamp(2));
    }

    private static long count(Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> strings(Database database, String sql, RowText text) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(text.of(rows));
            }
            return values;
        }
    }

    @FunctionalInterface
    private interface RowText {
        String of(ResultSet rows) throws SQLException;
    }
}
