package dk.certflow.service;

import static dk.certflow.service.TestBundles.drop;
import static dk.certflow.service.TestBundles.dropSidecar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.json.Json;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.testing.FormParts;
import dk.certflow.testing.LogCapture;
import dk.certflow.testing.TestHttpServer;
import dk.certflow.testing.TestHttpServer.Recorded;
import dk.certflow.testing.TestHttpServer.Reply;
import dk.certflow.testing.TestProxy;
import dk.certflow.testing.TlsPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outgoing HTTP on a real network (CONTRACTS §10), end to end against the running service: WorkZone and its token
 * endpoint over HTTPS with a certificate from a CA made here, an authenticating forward proxy, and a server that
 * demands a client certificate.
 */
class OutgoingNetworkTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String CLIENT_SECRET = "client-secret-Æ-9";
    private static final String PROXY_PASSWORD = "proxy-pass-Ø-7";
    private static final String CLIENT_CERT_PASSWORD = "client-cert-pass-5!";
    private static final TlsPki TLS = TlsPki.create("certflow test TLS CA");

    @TempDir
    Path temp;

    @Test
    void anUntrustedServerIsReportedInOneLineAndDeliveredOnceItsCaIsConfigured() throws Exception {
        try (TestHttpServer token = TestHttpServer.startHttps(TLS.serverContext(TLS.server()), false)
                     .otherwise(Reply.json(200, "{\"access_token\":\"tls-token\",\"expires_in\":3600}"));
             TestHttpServer workzone = TestHttpServer.startHttps(TLS.serverContext(TLS.server()), false).otherwise(Reply.status(201));
             LogCapture log = new LogCapture()) {
            Map<String, String> settings = settings(
                    "certflow.workzone.base-url", workzone.uri("/wz").toString(),
                    "certflow.workzone.oauth.token-url", token.uri("/token").toString(),
                    "certflow.workzone.oauth.client-id", "certflow",
                    "certflow.workzone.oauth.client-secret", CLIENT_SECRET);
            IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(700));
            String fingerprint = FlowTest.fingerprint(leaf);
            byte[] p12 = TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD);

            try (RunningService service = RunningService.start(temp.resolve("data"), settings, null)) {
                dropSidecar(service.drop(), "tls.properties", "password=" + TestBundles.PASSWORD);
                drop(service.drop(), "tls.p12", p12);
                String host = "127.0.0.1:" + token.port();
                ILoggingEvent line = await().atMost(PATIENCE).until(() -> log.events().stream()
                        .filter(e -> e.getFormattedMessage().contains("kept in the outbox")).findFirst().orElse(null), e -> e != null);
                assertThat(line.getFormattedMessage())
                        .contains("TLS to " + host + " failed", "not signed by a trusted CA", "certflow.http.trust-ca-file")
                        .doesNotContain("\n");
                assertThat(line.getThrowableProxy()).as("no stack trace").isNull();
                assertThat(uploadStatus(service, fingerprint)).isEqualTo("pending");
                assertThat(token.requests()).isEmpty();
                assertThat(workzone.requests()).isEmpty();
            }

            settings.put("certflow.http.trust-ca-file", TLS.writeCaPem(temp.resolve("tls-ca.pem")).toString());
            try (RunningService service = RunningService.start(temp.resolve("data"), settings, null)) {
                await().atMost(PATIENCE).until(() -> uploadStatus(service, fingerprint).equals("uploaded"));
                Recorded upload = workzone.onlyRequest();
                assertThat(upload.rawPath()).isEqualTo("/wz/auth-profiles/CVR/certificate");
                assertThat(upload.header("Authorization")).isEqualTo("Bearer tls-token");
                assertThat(FormParts.part(FormParts.parse(upload.header("Content-Type"), upload.body()), "certificate").content())
                        .isEqualTo(p12);
                assertThat(token.onlyRequest().bodyText()).contains("grant_type=client_credentials");
            }
            assertNoSecretIn(log, CLIENT_SECRET, TestBundles.PASSWORD);
        }
    }

    @Test
    void aServerThatDemandsAClientCertificateGetsTheConfiguredOne() throws Exception {
        try (TestHttpServer workzone = TestHttpServer.startHttps(TLS.serverContext(TLS.server()), true).otherwise(Reply.status(201));
             LogCapture log = new LogCapture()) {
            Map<String, String> settings = settings(
                    "certflow.workzone.base-url", workzone.uri("/wz").toString(),
                    "certflow.http.trust-ca-file", TLS.writeCaPem(temp.resolve("tls-ca.pem")).toString());
            IssuedCertificate leaf = TestBundles.leaf("19435075", Duration.ofDays(710));
            String fingerprint = FlowTest.fingerprint(leaf);

            try (RunningService service = RunningService.start(temp.resolve("data"), settings, null)) {
                dropSidecar(service.drop(), "mtls.properties", "password=" + TestBundles.PASSWORD);
                drop(service.drop(), "mtls.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
                String line = await().atMost(PATIENCE).until(() -> log.messages().stream()
                        .filter(m -> m.contains("kept in the outbox")).findFirst().orElse(null), m -> m != null);
                assertThat(line).contains("TLS to 127.0.0.1:" + workzone.port(), "certflow.http.client-certificate").doesNotContain("\n");
                assertThat(uploadStatus(service, fingerprint)).isEqualTo("pending");
            }

            Path clientP12 = TLS.writePkcs12(TLS.client("certflow"), temp.resolve("client.p12"), CLIENT_CERT_PASSWORD.toCharArray());
            settings.put("certflow.http.client-certificate", clientP12.toString());
            settings.put("certflow.http.client-certificate-password", CLIENT_CERT_PASSWORD);
            try (RunningService service = RunningService.start(temp.resolve("data"), settings, null)) {
                await().atMost(PATIENCE).until(() -> uploadStatus(service, fingerprint).equals("uploaded"));
                assertThat(workzone.onlyRequest().rawPath()).isEqualTo("/wz/auth-profiles/CVR/certificate");
            }
            assertNoSecretIn(log, CLIENT_CERT_PASSWORD, TestBundles.PASSWORD);
        }
    }

    @Test
    void everyCallGoesThroughTheAuthenticatingProxyExceptToNoProxyHosts() throws Exception {
        try (TestProxy proxy = TestProxy.start("certflow", PROXY_PASSWORD);
             TestHttpServer workzone = TestHttpServer.startHttps(TLS.serverContext(TLS.server()), false).otherwise(Reply.status(201));
             TestHttpServer records = TestHttpServer.start().otherwise(Reply.status(202));
             TestHttpServer webhook = TestHttpServer.start().otherwise(Reply.status(204));
             LogCapture log = new LogCapture()) {
            Map<String, String> settings = settings(
                    "certflow.workzone.base-url", workzone.uri("/wz").toString(),
                    "certflow.datafordeler.records-url", records.uri("/records").toString(),
                    "certflow.notify.webhook-url", webhook.uri("localhost", "/hook").toString(),
                    "certflow.http.trust-ca-file", TLS.writeCaPem(temp.resolve("tls-ca.pem")).toString(),
                    "certflow.http.proxy", proxy.uri().toString(),
                    "certflow.http.proxy-user", "certflow",
                    "certflow.http.proxy-password", PROXY_PASSWORD,
                    "certflow.http.no-proxy", "localhost,.internal.example");
            IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(720));
            String fingerprint = FlowTest.fingerprint(leaf);

            try (RunningService service = RunningService.start(temp.resolve("data"), settings, null)) {
                dropSidecar(service.drop(), "proxied.properties", "password=" + TestBundles.PASSWORD);
                drop(service.drop(), "proxied.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
                await().atMost(PATIENCE).until(() -> uploadStatus(service, fingerprint).equals("uploaded"));
                await().atMost(PATIENCE).until(() -> records.requests().size() == 1);
                await().atMost(PATIENCE).until(() -> webhook.requests().stream().anyMatch(r -> r.bodyText().contains("bundle.accepted")));
            }

            String credentials = "Basic " + Base64.getEncoder().encodeToString(("certflow:" + PROXY_PASSWORD).getBytes(StandardCharsets.UTF_8));
            List<TestProxy.Seen> passed = proxy.passedOn();
            assertThat(passed).contains(new TestProxy.Seen("CONNECT", "127.0.0.1:" + workzone.port(), credentials));
            assertThat(passed).contains(new TestProxy.Seen("POST", records.uri("/records").toString(), credentials));
            assertThat(proxy.seen()).as("the proxy asked for credentials first")
                    .anyMatch(s -> s.proxyAuthorization() == null);
            assertThat(proxy.seen()).as("no-proxy host localhost went direct")
                    .noneMatch(s -> s.target().contains(":" + webhook.port()));
            assertThat(workzone.onlyRequest().header("Proxy-Authorization")).isNull();
            assertThat(records.onlyRequest().header("Proxy-Authorization")).as("the proxy keeps its credentials").isNull();
            assertThat(records.onlyRequest().bodyText()).contains(fingerprint);
            assertNoSecretIn(log, PROXY_PASSWORD, TestBundles.PASSWORD);
        }
    }

    private Map<String, String> settings(String... keyValues) throws Exception {
        Map<String, String> settings = RunningService.settings(keyValues);
        settings.put("certflow.trust.ca-file", TestBundles.trustFile(temp).toString());
        settings.put("certflow.oces.environment", "test");
        settings.put("certflow.drop.poll-interval", "200ms");
        settings.put("certflow.http.request-timeout", "2s");
        settings.put("certflow.delivery.attempts", "2");
        settings.put("certflow.revocation.mode", "off"); // the proxy test counts every request; revocation has its own tests
        settings.put("certflow.delivery.backoff", "100ms");
        settings.put("certflow.outbox.retry-interval", "1h");
        return settings;
    }

    private static String uploadStatus(RunningService service, String fingerprint) throws Exception {
        for (JsonNode c : Json.mapper().readTree(service.get("/api/certificates").body())) {
            if (c.path("fingerprint").asText().equals(fingerprint)) {
                return c.path("upload").asText();
            }
        }
        return "(not recorded)";
    }

    private void assertNoSecretIn(LogCapture log, String... secrets) throws Exception {
        for (ILoggingEvent event : log.events()) {
            String all = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(all).doesNotContain(secrets);
        }
        for (Path file : TestBundles.filesUnder(temp.resolve("data"))) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as("%s", file).doesNotContain(secrets);
        }
    }
}
