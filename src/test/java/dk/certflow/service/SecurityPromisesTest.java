package dk.certflow.service;

import static dk.certflow.service.TestBundles.drop;
import static dk.certflow.service.TestBundles.isEmpty;
import static dk.certflow.service.TestBundles.dropSidecar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.certflow.cli.CertflowCommand;
import dk.certflow.config.ConfigLoader;
import dk.certflow.inventory.TestDatabases;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.testing.TestHttpServer;
import dk.certflow.testing.TestHttpServer.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's security promises, checked on the real service in its own JVM after a full flow: no password byte in
 * any file under the data folder or in the log, nothing open to other users, key material owner-only, and no
 * listening socket but the management port on loopback.
 */
class SecurityPromisesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String ACCEPTED_PASSWORD = "Accepted-Kødpålæg-7731";
    private static final String MISSPELT_PASSWORD = "Misspelt-Rødgrød-5519";
    private static final String API_SECRET = "ApiSecret-Æbleskive-8842";
    private static final String MANAGEMENT_TOKEN = "ManagementToken-5d2e8a7c1f94";
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    @TempDir
    Path temp;
    private TestDatabases.TestDatabase database;

    @BeforeEach
    void database() {
        database = TestDatabases.create(temp.resolve("data/db"));
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void aFullFlowLeavesNoSecretAndNothingOpenToOthers() throws Exception {
        Path data = temp.resolve("data");
        Path drop = data.resolve("drop"); // the service creates the whole data folder
        IssuedCertificate good = TestBundles.leaf("19552101", Duration.ofDays(400));
        IssuedCertificate misspelt = TestBundles.leaf("19435075", Duration.ofDays(400));
        IssuedCertificate alone = TestBundles.leaf("19552101", Duration.ofDays(300));

        try (TestHttpServer workzone = TestHttpServer.start().otherwise(Reply.status(201))) {
            Map<String, String> settings = settings(data, workzone.uri("/wz").toString());
            Map<String, String> env = environment(settings);
            Path log = temp.resolve("service.log");
            try (ServiceProcess service = ServiceProcess.start(env, log)) {
                await().atMost(PATIENCE).until(() -> status(env, "/observe/health") == 200);

                dropSidecar(drop, "good.properties", "password=" + ACCEPTED_PASSWORD, "api-secret=" + API_SECRET, "profile=CVR");
                worldReadable(drop(drop, "good.p12", TestBundles.pkcs12(good, temp, ACCEPTED_PASSWORD)));
                dropSidecar(drop, "typo.properties", "pasword=" + MISSPELT_PASSWORD);
                worldReadable(drop(drop, "typo.p12", TestBundles.pkcs12(misspelt, temp, MISSPELT_PASSWORD)));
                worldReadable(drop(drop, "alone.p12", TestBundles.pkcs12(alone, temp, ACCEPTED_PASSWORD)));

                await().atMost(PATIENCE).until(() -> isEmpty(drop) && workzone.requests().size() == 1);
                Path rejectedTypo = TestBundles.folderEndingWith(data.resolve("rejected"), "-typo", 1);
                assertThat(Files.readString(rejectedTypo.resolve("reason.txt")))
                        .contains("PASSWORD_MISSING", "pasword (did you mean password?)");
                assertThat(Files.readString(rejectedTypo.resolve("typo.properties"))).contains("pasword=");
                Path archived = TestBundles.folderEndingWith(data.resolve("archive"), "good", 4);
                assertThat(Files.readString(archived.resolve("good.properties"))).contains("api-secret=", "profile=CVR");
                assertThat(service.log()).containsOnlyOnce("alone.p12 waits up to");

                assertThat(listeningSockets(service.pid())).containsExactly("127.0.0.1:" + env.get("CERTFLOW_MANAGEMENT_PORT"));
                // the upload is recorded once WorkZone has answered, a moment after the stand-in saw the request
                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(statusCommand(settings)).anyMatch(line -> line.startsWith("19552101") && line.contains("uploaded")));
                assertThat(statusCommand(settings)).as("the running node, from its health check")
                        .last().asString().matches("nodes: \\S+ \\(runs the timers\\)");

                // the console after the flow, with the management token: the refusal is on it, no secret is
                HttpResponse<String> console = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + env.get("CERTFLOW_MANAGEMENT_PORT") + "/")).header("Authorization", "Bearer " + MANAGEMENT_TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(console.statusCode()).isEqualTo(200);
                assertThat(console.body()).contains("typo.p12", "PASSWORD_MISSING")
                        .doesNotContain(ACCEPTED_PASSWORD, MISSPELT_PASSWORD, API_SECRET, MANAGEMENT_TOKEN);
                assertThat(status(env, "/api/certificates")).as("the API without the token").isEqualTo(401);

                assertThat(service.terminate(Duration.ofSeconds(30))).isTrue();
            }

            for (String secret : List.of(ACCEPTED_PASSWORD, MISSPELT_PASSWORD, API_SECRET, MANAGEMENT_TOKEN)) {
                byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
                for (Path file : TestBundles.filesUnder(data)) {
                    assertThat(indexOf(Files.readAllBytes(file), needle)).as("%s in %s", secret, file).isEqualTo(-1);
                }
                assertThat(Files.readString(log)).as("the log").doesNotContain(secret);
            }
        }

        List<Path> everything;
        try (Stream<Path> walk = Files.walk(data)) {
            everything = walk.filter(p -> !p.equals(drop)).toList();
        }
        assertThat(everything).hasSizeGreaterThan(10);
        for (Path path : everything) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            assertThat(mode).as("mode of %s: %s", data.relativize(path), PosixFilePermissions.toString(mode)).doesNotContainAnyElementsOf(OTHERS);
            if (Files.isDirectory(path)) {
                assertThat(PosixFilePermissions.toString(mode)).as("folder %s", data.relativize(path)).isEqualTo("rwx------");
            }
        }
        List<Path> keyMaterial = new ArrayList<>(TestBundles.filesUnder(data).stream()
                .filter(p -> p.toString().endsWith(".p12") || p.toString().endsWith(".db") || p.endsWith("secret.key")
                        || p.endsWith("private-key.pem"))
                .toList());
        assertThat(keyMaterial).extracting(p -> p.getFileName().toString())
                .contains("good.p12", "typo.p12", "alone.p12", "secret.key");
        for (Path file : keyMaterial) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("%s", file).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).as("%s", file.getParent()).isEqualTo("rwx------");
        }
    }

    /** The service's settings by key; the service gets them as environment variables, status as a file. */
    private Map<String, String> settings(Path data, String workzoneUrl) throws Exception {
        Map<String, String> settings = new HashMap<>(database.settings());
        settings.put("certflow.data-dir", data.toString());
        settings.put("certflow.management.port", Integer.toString(RunningService.freePort()));
        settings.put("certflow.trust.ca-file", TestBundles.trustFile(temp).toString());
        settings.put("certflow.oces.environment", "test");
        settings.put("certflow.drop.poll-interval", "200ms");
        settings.put("certflow.drop.sidecar-wait", "3s");
        settings.put("certflow.workzone.base-url", workzoneUrl);
        settings.put("certflow.management.token", MANAGEMENT_TOKEN); // status asks the API with it
        return settings;
    }

    private static Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        settings.forEach((key, value) -> env.put(ConfigLoader.environmentName(key), value));
        return env;
    }

    /** certflow status run here, another process, while the service holds the database. */
    private List<String> statusCommand(Map<String, String> settings) throws IOException {
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(settings);
        Path config = temp.resolve("status.properties");
        try (var writer = Files.newBufferedWriter(config)) {
            properties.store(writer, null);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = CertflowCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("status", "--no-color", "--config", config.toString());
        assertThat(exit).as("status exit code; stderr: %s", err).isZero();
        return out.toString().lines().toList();
    }

    /** host:port of every TCP socket the process listens on, read from /proc (its socket inodes, the kernel's tables). */
    static List<String> listeningSockets(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while listing
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A: LISTEN
                    listening.add(address(f[1]));
                }
            }
        }
        return listening;
    }

    /** /proc/net/tcp's little-endian hex "0100007F:2694" as "127.0.0.1:9876"; IPv4-mapped IPv6 too; other IPv6 as hex. */
    private static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ipv4 = parts[0].length() == 8 ? parts[0]
                : parts[0].startsWith("0000000000000000FFFF0000") ? parts[0].substring(24) : null;
        if (ipv4 != null) {
            long ip = Long.parseLong(ipv4, 16);
            return (ip & 0xff) + "." + (ip >> 8 & 0xff) + "." + (ip >> 16 & 0xff) + "." + (ip >> 24 & 0xff) + ":" + port;
        }
        return parts[0] + ":" + port;
    }

    private static void worldReadable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, WORLD_READABLE); // as most copies leave a file: the service must not keep that
    }

    private static int status(Map<String, String> env, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + env.get("CERTFLOW_MANAGEMENT_PORT") + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }


    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
