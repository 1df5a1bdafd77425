package dk.certflow.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Where the inventory tests run: an H2 file database in the test's temporary folder, or, when the system property
 * {@code certflow-test.db.url} names a PostgreSQL database, a fresh schema in it that is dropped afterwards.
 * The PostgreSQL password comes from {@code certflow-test.db.password}, the environment variable
 * {@code PGPASSWORD} or the file named by {@code certflow-test.db.password-file}.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static TestDatabase create(Path tempDir) {
        String url = System.getProperty("certflow-test.db.url", "");
        if (url.isBlank()) {
            return new TestDatabase("jdbc:h2:file:" + tempDir.resolve("db").resolve("certflow").toAbsolutePath(),
                    null, null, null);
        }
        String user = System.getProperty("certflow-test.db.user");
        String password = password();
        String schema = "certflow_test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        execute(url, user, password, "CREATE SCHEMA " + schema);
        String separator = url.contains("?") ? "&" : "?";
        return new TestDatabase(url + separator + "currentSchema=" + schema, user, password,
                () -> execute(url, user, password, "DROP SCHEMA " + schema + " CASCADE"));
    }

    private static String password() {
        String password = System.getProperty("certflow-test.db.password");
        if (password == null) {
            password = System.getenv("PGPASSWORD");
        }
        String file = System.getProperty("certflow-test.db.password-file");
        if (password == null && file != null) {
            try {
                password = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return password;
    }

    /** Schema names are generated above, never taken from input, so they can be spliced into DDL. */
    private static void execute(String url, String user, String password, String ddl) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database setup failed: " + e.getMessage(), e);
        }
    }

    /** One test's database; {@link #open()} may be called again after closing to test re-opening. */
    public static final class TestDatabase implements AutoCloseable {
        private final String url;
        private final String user;
        private final String password;
        private final Runnable cleanup;

        private TestDatabase(String url, String user, String password, Runnable cleanup) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.cleanup = cleanup;
        }

        public Database open() {
            return Database.open(url, user, password);
        }

        /** The settings that point certflow at this database. */
        public java.util.Map<String, String> settings() {
            java.util.Map<String, String> settings = new java.util.HashMap<>();
            settings.put("certflow.db.url", url);
            if (user != null) {
                settings.put("certflow.db.user", user);
            }
            if (password != null) {
                settings.put("certflow.db.password", password);
            }
            return settings;
        }

        @Override
        public void close() {
            if (cleanup != null) {
                cleanup.run();
            }
        }
    }
}
