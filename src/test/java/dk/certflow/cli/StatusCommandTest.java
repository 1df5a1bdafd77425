package dk.certflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.inventory.CertificateInventory;
import dk.certflow.inventory.Database;
import dk.certflow.inventory.NewCertificate;
import dk.certflow.inventory.UploadStatus;
import dk.certflow.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class StatusCommandTest {

    private static final Pattern ANSI = Pattern.compile("\u001b\\[");

    @TempDir
    Path tempDir;

    private Path config;
    private String url;
    private Instant now;

    @BeforeEach
    void writeConfig() throws IOException {
        url = "jdbc:h2:file:" + tempDir.resolve("db").resolve("certflow").toAbsolutePath();
        config = tempDir.resolve("certflow.properties");
        Files.writeString(config, "certflow.data-dir=" + tempDir.toAbsolutePath() + "\n"
                + "certflow.db.url=" + url + "\n", StandardCharsets.UTF_8);
        // Half a day past now, so whole days left are unambiguous while the test runs.
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(12));
    }

    @Test
    void listsActiveCertificatesSoonestDeadlineFirst() {
        record(certificate("relaxed", "11111111", "CVR", 400, 380, UploadStatus.UPLOADED));
        record(certificate("urgent", "22222222", "CVR", 5, null, UploadStatus.PENDING));
        // The certificate has long, but its authorization lapses in 20 days: that is its deadline.
        record(certificate("authorization", "33333333", "CVR", 300, 20, UploadStatus.FAILED));

        Run run = status();

        assertThat(run.exitCode).isZero();
        List<String> lines = run.out.lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0).split("\\s{2,}")).containsExactly("CVR", "SUBJECT CN", "PROFILE", "NOT AFTER",
                "DAYS LEFT", "AUTHORIZATION", "AUTH DAYS", "UPLOAD");
        assertThat(lines.get(1).split("\\s{2,}")).containsExactly("22222222", "urgent", "CVR", date(5), "5", "-", "-",
                "pending");
        assertThat(lines.get(2).split("\\s{2,}")).containsExactly("33333333", "authorization", "CVR", date(300), "300",
                authorizationDate(20).toString(), Long.toString(authorizationDays(20)), "failed");
        assertThat(lines.get(3)).startsWith("11111111").contains("relaxed").endsWith("uploaded");
        assertThat(lines.get(4)).isEqualTo("3 certificates, soonest deadline: " + date(5)
                + " certificate of CVR 22222222 (5 days)");
        assertThat(lines.get(5)).isEqualTo("nodes: none running");
        assertThat(ANSI.matcher(run.out).find()).as("no colour without a terminal").isFalse();
    }

    @Test
    void allIncludesSupersededCertificates() {
        record(certificate("old", "44444444", "CVR", 10, null, UploadStatus.UPLOADED));
        record(certificate("renewal", "44444444", "CVR", 1000, null, UploadStatus.PENDING));

        assertThat(status().out.lines()).hasSize(4).noneMatch(line -> line.contains("old"));

        List<String> lines = status("--all").out.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).endsWith("STATE");
        assertThat(lines.get(1)).contains("old").endsWith("superseded");
        assertThat(lines.get(2)).contains("renewal").endsWith("active");
    }

    @Test
    void jsonHasOneObjectPerCertificateSoonestFirst() throws IOException {
        record(certificate("later", "55555555", "CVR", 200, 150, UploadStatus.UPLOADED));
        record(certificate("sooner", "66666666", "CVR", 60, null, UploadStatus.DISABLED));

        Run run = status("--json");

        assertThat(run.exitCode).isZero();
        JsonNode array = Json.mapper().readTree(run.out);
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        JsonNode first = array.get(0);
        assertThat(first.get("fingerprint").asText()).isEqualTo(fingerprint("sooner"));
        assertThat(first.get("cvr").asText()).isEqualTo("66666666");
        assertThat(first.get("commonName").asText()).isEqualTo("sooner");
        assertThat(first.get("subject").asText()).isEqualTo(subject("sooner", "66666666"));
        assertThat(first.get("profile").asText()).isEqualTo("CVR");
        assertThat(Instant.parse(first.get("notAfter").asText())).isEqualTo(notAfter(60));
        assertThat(first.get("daysLeft").asLong()).isEqualTo(60);
        assertThat(first.get("authorizationExpiry").isNull()).isTrue();
        assertThat(first.get("authorizationDaysLeft").isNull()).isTrue();
        assertThat(first.get("upload").asText()).isEqualTo("disabled");
        assertThat(first.get("superseded").asBoolean()).isFalse();
        JsonNode second = array.get(1);
        assertThat(second.get("commonName").asText()).isEqualTo("later");
        assertThat(LocalDate.parse(second.get("authorizationExpiry").asText())).isEqualTo(authorizationDate(150));
        assertThat(second.get("authorizationDaysLeft").asLong()).isEqualTo(authorizationDays(150));
    }

    @Test
    void saysNothingIsRecordedWithoutCreatingTheDatabase() {
        Path dataFile = tempDir.resolve("db").resolve("certflow.mv.db");

        Run run = status();

        assertThat(run.exitCode).isZero();
        assertThat(run.out.strip()).isEqualTo("no certificates recorded yet (database " + dataFile + " not found)");
        assertThat(tempDir.resolve("db")).doesNotExist();

        Run json = status("--json");
        assertThat(json.exitCode).isZero();
        assertThat(json.out.strip()).isEqualTo("[]");
        assertThat(json.err).contains("not found");
    }

    @Test
    void reportsAnUnusableConfigurationWithExitCodeTwo() throws IOException {
        Files.writeString(config, "certflow.db.url=not-a-jdbc-url\n", StandardCharsets.UTF_8);

        Run run = status();

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).startsWith("certflow status: certflow.db.url");
    }

    @Test
    void aSecondDatabaseOpensWhileTheFirstIsOpen() throws IOException {
        try (Database first = Database.open(url, null, null);
             Database second = Database.open(url, null, null)) {
            new CertificateInventory(first, Clock.systemUTC())
                    .record(certificate("shared", "77777777", "CVR", 90, null, UploadStatus.PENDING));
            assertThat(new CertificateInventory(second, Clock.systemUTC()).active())
                    .extracting(c -> c.cvr()).containsExactly("77777777");
            // no H2 server is started: no lock file names an address and a key to connect with
            assertThat(tempDir.resolve("db").resolve("certflow.lock.db")).doesNotExist();
        }
    }

    @Test
    void whenAnotherProcessHoldsTheDatabaseItAsksTheManagementPortAndSaysSoWhenNobodyAnswers() throws Exception {
        record(certificate("held", "88888888", "CVR", 45, 100, UploadStatus.UPLOADED));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldDatabase.class.getName(), url).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                String line;
                while ((line = lines.readLine()) != null && !line.equals(HoldDatabase.READY)) {
                    seen.add(line);
                }
                assertThat(line).as("holder output: %s", seen).isEqualTo(HoldDatabase.READY);
            });

            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            Files.writeString(config, "certflow.management.port=" + closedPort + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);

            Run run = status();

            // the answer from a running service is tested against the real service (SecurityPromisesTest)
            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.err.strip()).contains("in use by another process", "http://127.0.0.1:" + closedPort + "/api/certificates",
                    "certflow.management.port").doesNotContain("\tat ");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        assertThat(holder.exitValue()).isZero();
    }

    @Test
    void coloursOnlyOnATerminalThatShowsColour() {
        assertThat(new StatusCommand(Clock.systemUTC(), Map.of("TERM", "xterm"), true).colour()).isTrue();
        assertThat(new StatusCommand(Clock.systemUTC(), Map.of("TERM", "xterm"), false).colour()).isFalse();
        assertThat(new StatusCommand(Clock.systemUTC(), Map.of("TERM", "dumb"), true).colour()).isFalse();
        assertThat(new StatusCommand(Clock.systemUTC(), Map.of("TERM", "xterm", "NO_COLOR", "1"), true).colour())
                .isFalse();
        assertThat(new StatusCommand(Clock.systemUTC(), Map.of("NO_COLOR", ""), true).colour()).isTrue();
        StatusCommand flagged = new StatusCommand(Clock.systemUTC(), Map.of("TERM", "xterm"), true);
        flagged.noColor = true;
        assertThat(flagged.colour()).isFalse();
    }

    /** Holds the database open in its own JVM, as the running service does, until its standard input closes. */
    static final class HoldDatabase {
        static final String READY = "holding";

        public static void main(String[] args) throws IOException {
            try (Database database = Database.open(args[0], null, null)) {
                if (!database.isUsable()) {
                    throw new IllegalStateException("database not usable");
                }
                System.out.println(READY);
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to close our standard input
                }
            }
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run status(String... options) {
        CommandLine cli = CertflowCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("status", "--config", config.toString()));
        args.addAll(List.of(options));
        int exitCode = cli.execute(args.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void namesTheNodesAndWhichRunsTheTimers() {
        Instant seen = Instant.now();
        try (Database database = Database.open(url, null, null)) {
            dk.certflow.inventory.ClusterLedger ledger = new dk.certflow.inventory.ClusterLedger(database);
            ledger.join("ops1", seen.minusSeconds(3600));
            ledger.beat("ops1", seen);
            ledger.takeLease("timers", "ops1", seen, seen.plusSeconds(20));
            ledger.join("ops2", seen);
            ledger.join("ops3", seen.minusSeconds(600)); // killed ten minutes ago, never signed off
        }
        assertThat(status().out.lines().toList()).last().asString()
                .matches("nodes: ops1 \\(runs the timers\\), ops3 \\(not heard of for 6\\d\\d s\\), ops2");
    }

    private void record(NewCertificate certificate) {
        try (Database database = Database.open(url, null, null)) {
            new CertificateInventory(database, Clock.systemUTC()).record(certificate);
        }
    }

    private NewCertificate certificate(String label, String cvr, String profile, int days, Integer authorizationDays,
            UploadStatus upload) {
        return new NewCertificate(fingerprint(label), fingerprint(label).substring(0, 40), cvr, "Organisation " + cvr,
                subject(label, cvr), "CN=Den Danske Stat OCES udstedende-CA 1,O=Den Danske Stat,C=DK",
                "5F3A" + Integer.toHexString(label.hashCode()), null, "test", profile,
                now.minus(Duration.ofDays(365)), notAfter(days),
                authorizationDays == null ? null : authorizationDate(authorizationDays), label + ".p12", null, upload);
    }

    private Instant notAfter(int days) {
        return now.plus(Duration.ofDays(days));
    }

    private LocalDate authorizationDate(int days) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(days);
    }

    /** Authorization days count from today's date, which may be the day before {@code now}'s. */
    private long authorizationDays(int days) {
        return ChronoUnit.DAYS.between(LocalDate.now(ZoneOffset.UTC), authorizationDate(days));
    }

    private String date(int days) {
        return LocalDate.ofInstant(notAfter(days), ZoneOffset.UTC).toString();
    }

    private static String subject(String label, String cvr) {
        return "CN=" + label + ",O=Organisation " + cvr + ",organizationIdentifier=NTRDK-" + cvr + ",C=DK";
    }

    private static String fingerprint(String label) {
        try {
            return HexFormat.of().withUpperCase().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
