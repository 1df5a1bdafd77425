package dk.certflow.bench;

import dk.certflow.expiry.ExpiryWatch;
import dk.certflow.inventory.CertificateInventory;
import dk.certflow.inventory.Database;
import dk.certflow.inventory.NoticeLog;
import dk.certflow.inventory.Outbox;
import dk.certflow.inventory.RetryBackoff;
import dk.certflow.notify.EventLog;
import dk.certflow.notify.Notifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The expiry watch over a large inventory: N active certificates whose deadlines are spread over the next 800 days, so
 * about one in nine has crossed the 90-day threshold. Times the first run (which sends those notices) and the runs after
 * it (which find every notice already sent), the watch's everyday case.
 *
 * <pre>bench/expiry.sh [--rows 100000] [--db-url jdbc:postgresql://… --db-user … --db-password-file …]</pre>
 */
public final class ExpiryWatchBench {

    private static final String INSERT = "INSERT INTO certificates (fingerprint, sha1_thumbprint, cvr, organisation, subject, issuer,"
            + " serial_number, uuid, environment, profile, not_before, not_after, authorization_expiry, source_file, out_dir,"
            + " status, superseded_by, upload_status, uploaded_at, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'test', 'CVR', ?, ?, ?, ?, NULL, 'active', NULL, 'uploaded', ?, ?, ?)";

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int rows = Integer.parseInt(options.getOrDefault("rows", "100000"));
        Path dir = Files.createTempDirectory("certflow-expiry-bench");
        String url = options.getOrDefault("db-url", "jdbc:h2:file:" + dir.resolve("db/certflow"));
        String password = options.containsKey("db-password-file")
                ? Files.readString(Path.of(options.get("db-password-file"))).strip() : null;
        Clock clock = Clock.systemUTC();
        try (Database database = Database.open(url, options.get("db-user"), password)) {
            Instant now = clock.instant();
            long start = System.nanoTime();
            insert(database, rows, now);
            System.out.printf(Locale.ROOT, "%s: %d certificates inserted in %.1f s%n", url.replaceFirst("\\?.*", ""), rows, seconds(start));

            CertificateInventory inventory = new CertificateInventory(database, clock);
            Outbox outbox = new Outbox(database, clock, new RetryBackoff(Duration.ofMinutes(5), Duration.ofHours(1)));
            Notifier notifier = new Notifier(new EventLog(dir.resolve("events.jsonl")), outbox, delivery -> { }, null, false);
            ExpiryWatch watch = new ExpiryWatch(inventory, new NoticeLog(database, clock), notifier, List.of(90, 60, 30, 14, 7, 1, 0), clock);
            for (int run = 1; run <= 4; run++) {
                start = System.nanoTime();
                int sent = watch.run().size();
                System.out.printf(Locale.ROOT, "run %d: %.2f s, %d notices sent%n", run, seconds(start), sent);
            }
        }
    }

    private static void insert(Database database, int rows, Instant now) throws Exception {
        Random random = new Random(42);
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(INSERT)) {
            connection.setAutoCommit(false);
            byte[] fingerprint = new byte[32];
            for (int i = 0; i < rows; i++) {
                random.nextBytes(fingerprint);
                String hex = HexFormat.of().withUpperCase().formatHex(fingerprint);
                Instant notAfter = now.plus(Duration.ofMinutes(random.nextInt(800 * 24 * 60)));
                statement.setString(1, hex);
                statement.setString(2, hex.substring(0, 40));
                statement.setString(3, String.format(Locale.ROOT, "%08d", 10_000_000 + i));
                statement.setString(4, "Organisation " + i);
                statement.setString(5, "CN=System " + i + ",O=Organisation " + i + ",C=DK");
                statement.setString(6, "CN=Den Danske Stat OCES udstedende-CA 1,O=Den Danske Stat,C=DK");
                statement.setString(7, Integer.toHexString(i));
                statement.setTimestamp(8, Timestamp.from(now.minus(Duration.ofDays(30))));
                statement.setTimestamp(9, Timestamp.from(notAfter));
                statement.setObject(10, LocalDate.ofInstant(notAfter, ZoneOffset.UTC).plusDays(random.nextInt(60)));
                statement.setString(11, "b" + i + ".p12");
                statement.setTimestamp(12, Timestamp.from(now));
                statement.setTimestamp(13, Timestamp.from(now));
                statement.setTimestamp(14, Timestamp.from(now));
                statement.addBatch();
                if (i % 1000 == 999) {
                    statement.executeBatch();
                    connection.commit();
                }
            }
            statement.executeBatch();
            connection.commit();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
