package dk.certflow.inventory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The inventory database: a small connection pool over H2 or PostgreSQL whose schema is brought up to date by
 * Flyway when it is opened.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** Enough for every bundle thread and delivery consumer at once; idle connections are closed again. */
    private static final int MAX_POOL_SIZE = 20;
    /** Fail fast rather than hang a health check or a route while the database is away. */
    private static final long CONNECTION_TIMEOUT_MS = 5_000;
    private static final int VALIDITY_TIMEOUT_SECONDS = 2;
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens a pool on {@code jdbcUrl} and applies pending migrations from {@code classpath:db/migration}.
     * {@code user} and {@code password} may be null (H2 file databases need neither). H2 file databases are
     * opened embedded, their files owner-only (see {@link H2FileUrl#embedded}).
     */
    public static Database open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        HikariConfig config = new HikariConfig();
        config.setPoolName("certflow-inventory");
        config.setJdbcUrl(H2FileUrl.embedded(jdbcUrl));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (heldByAnotherProcess(e)) {
                throw new DatabaseInUseException(jdbcUrl, e);
            }
            throw e;
        }
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            // Quiet when nothing changed: one-shot commands such as status print their output on stdout too.
            if (result.migrationsExecuted > 0) {
                LOG.info("Inventory schema migrated to version {} ({} migrations applied)",
                        result.targetSchemaVersion, result.migrationsExecuted);
            } else {
                LOG.debug("Inventory schema up to date at version {}", result.initialSchemaVersion);
            }
            return new Database(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** H2 refuses a file database another process has open: error 90020, DATABASE_ALREADY_OPEN. */
    private static boolean heldByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A cheap check for the health endpoint: a pooled connection can be had and is valid. */
    public boolean isUsable() {
        if (dataSource.isClosed()) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDITY_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            LOG.debug("Inventory database unusable", e);
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. The pool
     * restores auto-commit when the connection is returned.
     */
    <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new InventoryException("Inventory transaction failed", e);
        }
    }

    /** Runs {@code work} on one auto-committing connection. */
    <T> T withConnection(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new InventoryException("Inventory query failed", e);
        }
    }

    /** One update statement on an auto-committing connection, its values bound by {@link Jdbc#bind}; the rows it changed. */
    int update(String sql, Object... values) {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                Jdbc.bind(statement, values);
                return statement.executeUpdate();
            }
        });
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }
}
