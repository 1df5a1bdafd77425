package dk.certflow.service;

import static dk.certflow.service.TestBundles.archivedOrRejected;
import static dk.certflow.service.TestBundles.drop;
import static dk.certflow.service.TestBundles.isEmpty;
import static dk.certflow.service.TestBundles.dropSidecar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.json.Json;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.testing.TestHttpServer;
import dk.certflow.testing.TestHttpServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service in its own JVM: killed with SIGKILL mid-flight and restarted, and stopped with SIGTERM. */
class CrashAndShutdownTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path temp;
    private dk.certflow.inventory.TestDatabases.TestDatabase database;

    @org.junit.jupiter.api.BeforeEach
    void database() {
        database = dk.certflow.inventory.TestDatabases.create(temp.resolve("data/db"));
    }

    @org.junit.jupiter.api.AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void aKillMidFlightLosesNoBundleAndUploadsEachAtMostTwiceWithOneKey() throws Exception {
        int bundles = 6;
        try (TestHttpServer workzone = TestHttpServer.start().otherwise(Reply.status(201))) {
            workzone.enqueue(Reply.hang(), Reply.hang());
            Map<String, String> env = environment(workzone.uri("/wz").toString());
            List<String> fingerprints = new ArrayList<>();
            Path drop = temp.resolve("data/drop");
            Files.createDirectories(drop);
            for (int i = 0; i < bundles; i++) {
                IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(400 + i));
                fingerprints.add(FlowTest.fingerprint(leaf));
                dropSidecar(drop, "crash" + i + ".properties", "password=" + TestBundles.PASSWORD, "profile=P" + i);
                drop(drop, "crash" + i + ".p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
            }
            try (ServiceProcess first = ServiceProcess.start(env, temp.resolve("first.log"))) {
                awaitOrShowLog(first, () -> workzone.requests().size() >= 2);
                first.kill();
                assertThat(first.isAlive()).isFalse();
            }
            try (ServiceProcess second = ServiceProcess.start(env, temp.resolve("second.log"))) {
                awaitOrShowLog(second, () -> uploadedCount(env, fingerprints) == bundles);
                await().atMost(PATIENCE).until(() -> isEmpty(drop));
                for (int i = 0; i < bundles; i++) {
                    String key = fingerprints.get(i) + "-P" + i;
                    long sent = workzone.requests().stream().filter(r -> key.equals(r.header("Idempotency-Key"))).count();
                    assertThat(sent).as("uploads of bundle %d", i).isBetween(1L, 2L);
                    assertThat(archivedOrRejected(temp.resolve("data"), "crash" + i)).as("bundle %d in exactly one place", i).isEqualTo(1);
                }
                try (Stream<Path> walk = Files.walk(temp.resolve("data"), 2)) {
                    assertThat(walk.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".staging-"))).isEmpty();
                }
                assertThat(second.terminate(Duration.ofSeconds(30))).isTrue();
            }
        }
    }

    @Test
    void sigtermDrainsInFlightWorkAndStopsWithinThirtySeconds() throws Exception {
        try (TestHttpServer workzone = TestHttpServer.start().otherwise(Reply.status(201))) {
            workzone.enqueue(Reply.hang());
            Map<String, String> env = environment(workzone.uri("/wz").toString());
            env.put("CERTFLOW_HTTP_REQUEST_TIMEOUT", "20s");
            Path drop = temp.resolve("data/drop");
            Files.createDirectories(drop);
            IssuedCertificate leaf = TestBundles.leaf("19435075", Duration.ofDays(500));
            try (ServiceProcess service = ServiceProcess.start(env, temp.resolve("service.log"))) {
                awaitOrShowLog(service, () -> ServiceProcess.health(env) == 200);
                dropSidecar(drop, "term.properties", "password=" + TestBundles.PASSWORD);
                drop(drop, "term.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
                await().atMost(PATIENCE).until(() -> workzone.requests().size() == 1);
                Instant sent = Instant.now();
                assertThat(service.terminate(Duration.ofSeconds(30))).as("stopped within 30 s").isTrue();
                assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(30));
                assertThat(service.log()).contains("shutdown");
            }
            assertThat(archivedOrRejected(temp.resolve("data"), "term")).isEqualTo(1);
            assertThat(isEmpty(drop)).isTrue();
        }
    }

    private static void awaitOrShowLog(ServiceProcess process, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            await().atMost(PATIENCE).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nservice log:\n" + process.log(), e);
        }
    }

    private Map<String, String> environment(String workzoneUrl) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CERTFLOW_DATA_DIR", temp.resolve("data").toString());
        env.put("CERTFLOW_MANAGEMENT_PORT", Integer.toString(RunningService.freePort()));
        env.put("CERTFLOW_MANAGEMENT_HOST", "127.0.0.1");
        env.put("CERTFLOW_TRUST_CA_FILE", TestBundles.trustFile(temp).toString());
        env.put("CERTFLOW_OCES_ENVIRONMENT", "test");
        env.put("CERTFLOW_DROP_POLL_INTERVAL", "200ms");
        env.put("CERTFLOW_WORKZONE_BASE_URL", workzoneUrl);
        env.put("CERTFLOW_HTTP_REQUEST_TIMEOUT", "2s");
        env.put("CERTFLOW_DELIVERY_BACKOFF", "200ms");
        env.put("CERTFLOW_OUTBOX_RETRY_INTERVAL", "1s");
        env.put("CERTFLOW_CLUSTER_TAKEOVER", "6s"); // on PostgreSQL the restarted node takes over from the killed one
        database.settings().forEach((key, value) -> env.put(dk.certflow.config.ConfigLoader.environmentName(key), value));
        return env;
    }

    private static long uploadedCount(Map<String, String> env, List<String> fingerprints) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + env.get("CERTFLOW_MANAGEMENT_PORT") + "/api/certificates")).build(), HttpResponse.BodyHandlers.ofString()).body();
            long uploaded = 0;
            for (JsonNode c : Json.mapper().readTree(body)) {
                if (fingerprints.contains(c.path("fingerprint").asText()) && c.path("upload").asText().equals("uploaded")) {
                    uploaded++;
                }
            }
            return uploaded;
        } catch (Exception e) {
            return -1;
        }
    }

}
