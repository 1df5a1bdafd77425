package dk.certflow.service;

import static dk.certflow.service.TestBundles.archivedOrRejected;
import static dk.certflow.service.TestBundles.drop;
import static dk.certflow.service.TestBundles.isEmpty;
import static dk.certflow.service.TestBundles.dropSidecar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.certflow.delivery.WorkZoneUpload;
import dk.certflow.inventory.TestDatabases;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.testing.TestHttpServer;
import dk.certflow.testing.TestHttpServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes, each {@code certflow run} in its own JVM, on one PostgreSQL database and one shared folder (CONTRACTS §11).
 * Runs where the tests run on PostgreSQL ({@code certflow-test.db.url}, as CI's second run does).
 */
class TwoNodesTest {

    private static final Duration TAKEOVER = Duration.ofSeconds(6);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int BUNDLES = 120;
    private static final String PROFILE = "WZ-CVR";

    @TempDir
    Path temp;
    private TestDatabases.TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabases.create(temp.resolve("db"));
        Assumptions.assumeTrue(database.settings().get("certflow.db.url").startsWith("jdbc:postgresql:"),
                "two nodes need PostgreSQL: run with -Dcertflow-test.db.url=jdbc:postgresql://… (CI does)");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void twoNodesShareABurstEachBundleOnceAndTheSurvivorTakesOverFromAKilledNode() throws Exception {
        CountDownLatch answerUploads = new CountDownLatch(1);
        try (TestHttpServer workzone = TestHttpServer.start().otherwise(Reply.status(201));
             TestHttpServer webhook = TestHttpServer.start().otherwise(Reply.status(200))) {
            // the first uploads hang until a node has been killed: the killed node certainly has deliveries in flight
            for (int i = 0; i < 6; i++) {
                workzone.enqueue(Reply.status(201).after(answerUploads));
            }
            Path drop = temp.resolve("data/drop");
            Files.createDirectories(drop);
            Map<String, String> fingerprints = new HashMap<>(); // bundle name -> fingerprint
            List<byte[]> pkcs12s = new ArrayList<>();
            for (int i = 0; i < BUNDLES; i++) {
                IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(400 + i));
                fingerprints.put("b" + i, FlowTest.fingerprint(leaf));
                pkcs12s.add(TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
            }
            // one certificate 20 days from its end: the 30-day notice, exactly once, whatever the nodes do
            IssuedCertificate soon = TestBundles.leaf("19435075", Duration.ofDays(20).plusHours(12)); // its own CVR: nothing supersedes it
            fingerprints.put("soon", FlowTest.fingerprint(soon));

            try (ServiceProcess a = ServiceProcess.start(environment("node-a", workzone, webhook), temp.resolve("node-a.log"));
                 ServiceProcess b = ServiceProcess.start(environment("node-b", workzone, webhook), temp.resolve("node-b.log"))) {
                Map<String, ServiceProcess> nodes = Map.of("node-a", a, "node-b", b);
                awaitOrShowLogs(nodes.values(), () -> timersNode() != null && liveNodes().size() == 2);

                for (int i = 0; i < BUNDLES; i++) {
                    dropSidecar(drop, "b" + i + ".properties", "password=" + TestBundles.PASSWORD, "profile=" + PROFILE);
                }
                dropSidecar(drop, "soon.properties", "password=" + TestBundles.PASSWORD, "profile=" + PROFILE);
                drop(drop, "soon.p12", TestBundles.pkcs12(soon, temp, TestBundles.PASSWORD));
                for (int i = 0; i < BUNDLES; i++) {
                    drop(drop, "b" + i + ".p12", pkcs12s.get(i));
                }

                // mid-burst: some bundles done, uploads hanging; kill the node running the timers if it has uploads in
                // flight, sent and unanswered (the harder case: the survivor must take the timers over too), else the
                // other one. A delivery leased but still queued behind its node's busy consumers is not yet in flight.
                awaitOrShowLogs(nodes.values(), () -> workzone.requests().size() >= 6 && archived() >= 10
                        && !nodesWithUploadsInFlight(workzone).isEmpty());
                Set<String> holding = nodesWithUploadsInFlight(workzone);
                String victim = holding.contains(timersNode()) ? timersNode() : holding.iterator().next();
                String survivor = victim.equals("node-a") ? "node-b" : "node-a";
                Set<String> victimDeliveries = leasedDeliveries().entrySet().stream()
                        .filter(e -> e.getValue().equals(victim)).map(Map.Entry::getKey).collect(Collectors.toSet());
                nodes.get(victim).kill();
                Instant killed = Instant.now();
                Map<String, Long> sentBeforeKill = victimDeliveries.stream().collect(Collectors.toMap(k -> k, k -> sent(workzone, k)));
                Set<String> victimFiles = claimedFiles(victim);
                assertThat(archived()).as("killed mid-burst").isLessThan(BUNDLES + 1);
                answerUploads.countDown();

                // the survivor sends the killed node's deliveries again, with the same keys, within the takeover time
                Duration slack = Duration.ofSeconds(5);
                awaitOrShowLogs(List.of(nodes.get(survivor)), () -> victimDeliveries.stream()
                        .allMatch(key -> sent(workzone, key) > sentBeforeKill.get(key)));
                Duration deliveriesTakenOver = Duration.between(killed, Instant.now());
                // its claimed bundles: claimed by the survivor (or done) within the takeover time; finished behind the survivor's own
                awaitOrShowLogs(List.of(nodes.get(survivor)), () -> {
                    Set<String> survivorClaims = claimedFiles(survivor);
                    return victimFiles.stream().allMatch(f -> !Files.exists(drop.resolve(f)) || survivorClaims.contains(f));
                });
                Duration filesTakenOver = Duration.between(killed, Instant.now());
                awaitOrShowLogs(List.of(nodes.get(survivor)), () -> victimFiles.stream().noneMatch(f -> Files.exists(drop.resolve(f))));
                assertThat(deliveriesTakenOver).as("deliveries in flight on the killed node sent again").isLessThan(TAKEOVER.plus(slack));
                assertThat(filesTakenOver).as("bundles claimed by the killed node taken over").isLessThan(TAKEOVER.plus(slack));
                assertThat(timersNode()).as("the survivor runs the timers").isEqualTo(survivor);

                awaitOrShowLogs(List.of(nodes.get(survivor)), () -> uploaded() == BUNDLES + 1 && isEmpty(drop));
                assertEveryBundleOnceInOnePlace(fingerprints.keySet());
                assertEachCertificateUploadedUnderItsOneKey(workzone, fingerprints.values());
                assertThat(sentBeforeKill.values().stream().mapToLong(Long::longValue).sum())
                        .as("uploads the killed node had sent, unanswered, and the survivor sent again with the same key").isPositive();
                // both nodes did part of the burst
                assertThat(accepted(a)).as("bundles accepted by node-a").isPositive();
                assertThat(accepted(b)).as("bundles accepted by node-b").isPositive();
                await().atMost(PATIENCE).until(() -> expiringNotices(webhook, fingerprints.get("soon")) >= 1);
                assertThat(nodes.get(survivor).terminate(Duration.ofSeconds(30))).isTrue();
            }

            // both start again: the watch runs on one of them at start, and the notice is not sent a second time
            try (ServiceProcess a = ServiceProcess.start(environment("node-a", workzone, webhook), temp.resolve("node-a2.log"));
                 ServiceProcess b = ServiceProcess.start(environment("node-b", workzone, webhook), temp.resolve("node-b2.log"))) {
                awaitOrShowLogs(List.of(a, b), () -> liveNodes().size() == 2 && timersNode() != null
                        && (a.log().contains("expiry watch: ") || b.log().contains("expiry watch: ")));
                assertThat(a.log().contains("expiry watch: ") && b.log().contains("expiry watch: "))
                        .as("the watch ran on one node only").isFalse();
                assertThat(expiringNotices(webhook, fingerprints.get("soon"))).as("one 30-day notice, not two").isEqualTo(1);
                assertThat(uploaded()).isEqualTo(BUNDLES + 1);
                assertEachCertificateUploadedUnderItsOneKey(workzone, fingerprints.values());
                assertThat(a.terminate(Duration.ofSeconds(30))).isTrue();
                assertThat(b.terminate(Duration.ofSeconds(30))).isTrue();
            }
            assertThat(liveNodes()).as("nodes that stop sign off").isEmpty();
        }
    }

    private Map<String, String> environment(String nodeId, TestHttpServer workzone, TestHttpServer webhook) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CERTFLOW_NODE_ID", nodeId);
        env.put("CERTFLOW_CLUSTER_TAKEOVER", TAKEOVER.toSeconds() + "s");
        // shared: folders, secret.key, events.jsonl; node-b sees them under another path, as a share mounted elsewhere
        env.put("CERTFLOW_DATA_DIR", nodeId.equals("node-b") ? mountedElsewhere().toString() : temp.resolve("data").toString());
        env.put("CERTFLOW_MANAGEMENT_PORT", Integer.toString(RunningService.freePort()));
        env.put("CERTFLOW_MANAGEMENT_HOST", "127.0.0.1");
        env.put("CERTFLOW_TRUST_CA_FILE", TestBundles.trustFile(temp).toString());
        env.put("CERTFLOW_OCES_ENVIRONMENT", "test");
        env.put("CERTFLOW_REVOCATION_MODE", "off");
        env.put("CERTFLOW_DROP_POLL_INTERVAL", "200ms");
        env.put("CERTFLOW_WORKZONE_BASE_URL", workzone.uri("/wz").toString());
        env.put("CERTFLOW_NOTIFY_WEBHOOK_URL", webhook.uri("/hook").toString());
        env.put("CERTFLOW_HTTP_REQUEST_TIMEOUT", "30s");
        env.put("CERTFLOW_DELIVERY_BACKOFF", "200ms");
        env.put("CERTFLOW_OUTBOX_RETRY_INTERVAL", "1s");
        database.settings().forEach((key, value) -> env.put(dk.certflow.config.ConfigLoader.environmentName(key), value));
        return env;
    }

    /** The shared data folder under a second path (a symbolic link), as another server would mount the share. */
    private Path mountedElsewhere() throws java.io.IOException {
        Path mount = temp.resolve("mnt-b");
        if (!Files.exists(mount, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(mount, temp.resolve("data"));
        }
        return mount;
    }

    private static void awaitOrShowLogs(java.util.Collection<ServiceProcess> nodes, Callable<Boolean> condition) throws Exception {
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder logs = new StringBuilder(e.getMessage());
            for (ServiceProcess node : nodes) {
                // what the nodes said about each other, and what went wrong
                logs.append("\n--- node log, warnings and cluster lines:\n").append(node.log().lines()
                        .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("d.c.cluster"))
                        .limit(80).collect(Collectors.joining("\n")));
            }
            throw new AssertionError(logs.toString(), e);
        }
    }

    private void assertEveryBundleOnceInOnePlace(Set<String> names) throws Exception {
        Path data = temp.resolve("data");
        for (String name : names) {
            assertThat(archivedOrRejected(data, name)).as("bundle %s in exactly one place", name).isEqualTo(1);
        }
        try (Stream<Path> walk = Files.walk(data, 2)) {
            assertThat(walk.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".staging-"))).as("nothing half-placed").isEmpty();
        }
        try (Stream<Path> walk = Files.walk(data.resolve("rejected"), 1)) {
            assertThat(walk.skip(1)).as("nothing refused").isEmpty();
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing was ever refused
        }
    }

    private static void assertEachCertificateUploadedUnderItsOneKey(TestHttpServer workzone, java.util.Collection<String> fingerprints) {
        Set<String> expected = fingerprints.stream().map(f -> WorkZoneUpload.idempotencyKey(f, PROFILE)).collect(Collectors.toSet());
        Set<String> sent = workzone.requests().stream().map(r -> r.header("Idempotency-Key")).collect(Collectors.toSet());
        assertThat(sent).as("every upload carries its certificate's one key").isEqualTo(expected);
    }

    private static long sent(TestHttpServer workzone, String idempotencyKey) {
        return workzone.requests().stream().filter(r -> idempotencyKey.equals(r.header("Idempotency-Key"))).count();
    }

    private long archived() throws Exception {
        Path archive = temp.resolve("data/archive");
        if (!Files.isDirectory(archive)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(archive, 6)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".p12")).count();
        }
    }


    private static long accepted(ServiceProcess node) throws Exception {
        return node.log().lines().filter(l -> l.contains("bundle.accepted")).count();
    }

    private static long expiringNotices(TestHttpServer webhook, String fingerprint) {
        return webhook.requests().stream().map(TestHttpServer.Recorded::bodyText)
                .filter(body -> body.contains("\"event\":\"certificate.expiring\"") && body.contains(fingerprint)).count();
    }

    /** Idempotency key -> node, of WorkZone deliveries in flight. */
    private Map<String, String> leasedDeliveries() throws Exception {
        Map<String, String> leased = new HashMap<>();
        query("SELECT idempotency_key, leased_by FROM deliveries WHERE target = 'workzone' AND status = 'pending' AND leased_by IS NOT NULL",
                rows -> leased.put(rows.getString(1), rows.getString(2)));
        return leased;
    }

    /** The nodes holding a lease on an upload the stand-in has received and not answered yet. */
    private Set<String> nodesWithUploadsInFlight(TestHttpServer workzone) throws Exception {
        return leasedDeliveries().entrySet().stream().filter(e -> sent(workzone, e.getKey()) > 0)
                .map(Map.Entry::getValue).collect(Collectors.toSet());
    }

    private Set<String> claimedFiles(String node) throws Exception {
        Set<String> files = new HashSet<>();
        query("SELECT file_key FROM intake_claims WHERE node_id = '" + node + "'", rows -> files.add(rows.getString(1)));
        return files;
    }

    private String timersNode() throws Exception {
        List<String> holder = new ArrayList<>();
        query("SELECT node_id FROM cluster_leases WHERE name = 'timers' AND expires_at > CURRENT_TIMESTAMP", rows -> holder.add(rows.getString(1)));
        return holder.isEmpty() ? null : holder.get(0);
    }

    private Set<String> liveNodes() throws Exception {
        Set<String> nodes = new HashSet<>();
        query("SELECT node_id FROM cluster_nodes WHERE seen_at > CURRENT_TIMESTAMP - INTERVAL '4 seconds'", rows -> nodes.add(rows.getString(1)));
        return nodes;
    }

    private long uploaded() throws Exception {
        long[] count = {0};
        query("SELECT COUNT(*) FROM certificates WHERE upload_status = 'uploaded'", rows -> count[0] = rows.getLong(1));
        return count[0];
    }

    private interface RowReader {
        void read(ResultSet rows) throws Exception;
    }

    private void query(String sql, RowReader reader) throws Exception {
        Map<String, String> settings = database.settings();
        try (Connection connection = DriverManager.getConnection(settings.get("certflow.db.url"),
                settings.get("certflow.db.user"), settings.get("certflow.db.password"));
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }
}
