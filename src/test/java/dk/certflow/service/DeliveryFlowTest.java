package dk.certflow.service;

import static dk.certflow.service.TestBundles.drop;
import static dk.certflow.service.TestBundles.dropSidecar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.json.Json;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.testing.FormParts;
import dk.certflow.testing.TestHttpServer;
import dk.certflow.testing.TestHttpServer.Recorded;
import dk.certflow.testing.TestHttpServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries end to end: the running service against real HTTP servers on loopback standing in for the OAuth token
 * endpoint, WorkZone, the onboarding-record receiver and a notification webhook.
 */
class DeliveryFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String CLIENT_SECRET = "client-secret-Ø-123";

    @TempDir
    static Path temp;
    private static TestHttpServer token;
    private static TestHttpServer workzone;
    private static TestHttpServer records;
    private static TestHttpServer webhook;
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        token = TestHttpServer.start().otherwise(Reply.json(200, "{\"access_token\":\"tok-1\",\"expires_in\":3600}"));
        workzone = TestHttpServer.start().otherwise(Reply.status(201));
        records = TestHttpServer.start().otherwise(Reply.status(202));
        webhook = TestHttpServer.start().otherwise(Reply.status(204));
        service = RunningService.start(temp.resolve("data"), RunningService.settings(
                "certflow.trust.ca-file", TestBundles.trustFile(temp).toString(),
                "certflow.oces.environment", "test",
                "certflow.drop.poll-interval", "200ms",
                "certflow.workzone.base-url", workzone.uri("/wz").toString(),
                "certflow.workzone.oauth.token-url", token.uri("/token").toString(),
                "certflow.workzone.oauth.client-id", "certflow",
                "certflow.workzone.oauth.client-secret", CLIENT_SECRET,
                "certflow.datafordeler.records-url", records.uri("/records").toString(),
                "certflow.notify.webhook-url", webhook.uri("/hook").toString(),
                "certflow.http.request-timeout", "1s",
                "certflow.delivery.attempts", "3",
                "certflow.delivery.backoff", "200ms",
                "certflow.outbox.retry-interval", "2s"), null);
    }

    @AfterAll
    static void stop() {
        service.close();
        for (TestHttpServer server : List.of(token, workzone, records, webhook)) {
            server.close();
        }
    }

    @Test
    void aValidBundleIsUploadedRecordedAndAnnouncedExactlyOnce() throws Exception {
        IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(900));
        String fingerprint = FlowTest.fingerprint(leaf);
        byte[] p12 = TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD);
        dropSidecar(service.drop(), "once.properties", "password=" + TestBundles.PASSWORD, "profile=CVR kontakter");
        drop(service.drop(), "once.pfx", p12);

        String key = fingerprint + "-CVR%20kontakter";
        Recorded upload = await().atMost(PATIENCE).until(() -> uploads(key), l -> l.size() == 1).get(0);
        assertThat(upload.method()).isEqualTo("POST");
        assertThat(upload.rawPath()).isEqualTo("/wz/auth-profiles/CVR%20kontakter/certificate");
        assertThat(upload.header("Authorization")).isEqualTo("Bearer tok-1");
        List<FormParts.Part> parts = FormParts.parse(upload.header("Content-Type"), upload.body());
        FormParts.Part certificate = FormParts.part(parts, "certificate");
        assertThat(certificate.content()).isEqualTo(p12);
        assertThat(certificate.fileName()).isEqualTo("once.p12");
        assertThat(certificate.contentType()).startsWith("application/x-pkcs12");
        assertThat(FormParts.part(parts, "password").text()).isEqualTo(TestBundles.PASSWORD);
        assertThat(FormParts.part(parts, "profile").text()).isEqualTo("CVR kontakter");
        assertThat(FormParts.part(parts, "thumbprint").text()).isEqualTo(HexFormat.of().withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(leaf.certificate().getEncoded())));
        assertThat(FormParts.part(parts, "notAfter").text()).isEqualTo(leaf.certificate().getNotAfter().toInstant().toString());
        assertThat(token.requests().get(0).bodyText()).contains("grant_type=client_credentials", "client_id=certflow");

        await().atMost(PATIENCE).until(() -> uploadStatus(fingerprint).equals("uploaded"));
        Path out = service.data().resolve("out/19552101/" + fingerprint);
        JsonNode onboarding = await().atMost(PATIENCE).until(() -> Json.mapper().readTree(out.resolve("onboarding.json").toFile()),
                n -> n.at("/workzone/upload").asText().equals("uploaded"));
        assertThat(onboarding.at("/workzone/uploadedAt").asText()).isNotEmpty();
        assertThat(out.resolve("once.p12")).as("nothing staged when WorkZone takes it").doesNotExist();

        Recorded record = await().atMost(PATIENCE).until(() -> records.requests().stream()
                .filter(r -> r.bodyText().contains(fingerprint)).toList(), l -> l.size() == 1).get(0);
        assertThat(Json.mapper().readTree(record.body()).path("schema").asText()).isEqualTo("certflow.onboarding/1");
        assertThat(record.header("Content-Type")).startsWith("application/json");
        await().atMost(PATIENCE).until(() -> webhook.requests().stream()
                .anyMatch(r -> r.bodyText().contains("bundle.accepted") && r.bodyText().contains(fingerprint)));

        // the same certificate again: archived as a duplicate, never uploaded twice
        dropSidecar(service.drop(), "twice.properties", "password=" + TestBundles.PASSWORD, "profile=CVR kontakter");
        drop(service.drop(), "twice.p12", p12);
        await().atMost(PATIENCE).until(() -> TestBundles.exists(service.data().resolve("archive"), "twice", 4));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> uploads(key).size() == 1);
        assertNoRequestLeaks(CLIENT_SECRET);
    }

    @Test
    void everyProfileIsUploadedThroughOneHttpEndpointAndConnectionPool() throws Exception {
        for (String profile : List.of("ALPHA", "BETA")) {
            IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(600));
            dropSidecar(service.drop(), profile + ".properties", "password=" + TestBundles.PASSWORD, "profile=" + profile);
            drop(service.drop(), profile + ".p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
            String key = FlowTest.fingerprint(leaf) + "-" + profile;
            assertThat(await().atMost(PATIENCE).until(() -> uploads(key), l -> l.size() == 1).get(0).rawPath())
                    .isEqualTo("/wz/auth-profiles/" + profile + "/certificate");
        }

        String base = workzone.uri("/wz").toString();
        assertThat(service.camel().getEndpoints()).filteredOn(e -> e.getEndpointUri().startsWith(base))
                .as("an endpoint per profile would build an HTTP client and a connection pool for each").hasSize(1);
    }

    @Test
    void twoCopiesOfOneCertificateDroppedTogetherAreUploadedOnce() throws Exception {
        IssuedCertificate leaf = TestBundles.leaf("19435075", Duration.ofDays(800));
        String fingerprint = FlowTest.fingerprint(leaf);
        byte[] p12 = TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD);
        for (String name : List.of("twin-a", "twin-b")) {
            dropSidecar(service.drop(), name + ".properties", "password=" + TestBundles.PASSWORD, "profile=TWINS");
        }
        drop(service.drop(), "twin-a.p12", p12);
        drop(service.drop(), "twin-b.p12", p12);

        await().atMost(PATIENCE).until(() -> TestBundles.exists(service.data().resolve("archive"), "twin-a", 4)
                && TestBundles.exists(service.data().resolve("archive"), "twin-b", 4));
        await().atMost(PATIENCE).until(() -> uploadStatus(fingerprint).equals("uploaded"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> uploads(fingerprint + "-TWINS").size() == 1);
        String events = Files.readString(service.data().resolve("events.jsonl"));
        assertThat(events.lines().filter(l -> l.contains("bundle.accepted") && l.contains(fingerprint))).hasSize(1);
        assertThat(events.lines().filter(l -> l.contains("bundle.duplicate") && l.contains(fingerprint))).hasSize(1);
    }

    @Test
    void aRefusedBundleIsAnnouncedOnTheWebhook() throws Exception {
        // whole but broken (a PEM block cut short would be waited for, as a file still being written)
        drop(service.drop(), "broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Recorded notice = await().atMost(PATIENCE).until(() -> webhook.requests().stream()
                .filter(r -> r.bodyText().contains("bundle.rejected") && r.bodyText().contains("broken.pem")).toList(), l -> l.size() == 1).get(0);
        JsonNode event = Json.mapper().readTree(notice.body());
        assertThat(event.path("severity").asText()).isEqualTo("WARNING");
        assertThat(event.path("text").asText()).contains("UNREADABLE", "reason.txt");
        assertThat(event.path("at").asText()).isNotEmpty();
    }

    @Test
    void aServerErrorIsRetriedWithTheSameIdempotencyKeyUntilItSucceeds() throws Exception {
        IssuedCertificate leaf = TestBundles.leaf("19435075", Duration.ofDays(500));
        String fingerprint = FlowTest.fingerprint(leaf);
        workzone.enqueue(Reply.status(503), Reply.status(429));
        dropSidecar(service.drop(), "flaky.properties", "password=" + TestBundles.PASSWORD, "profile=RETRY");
        drop(service.drop(), "flaky.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));

        await().atMost(PATIENCE).until(() -> uploadStatus(fingerprint).equals("uploaded"));
        List<Recorded> attempts = uploads(fingerprint + "-RETRY");
        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(r -> r.header("Idempotency-Key")).containsOnly(fingerprint + "-RETRY");
    }

    @Test
    void aClientErrorIsFinalRecordedAndReported() throws Exception {
        IssuedCertificate leaf = TestBundles.leaf("34051178", Duration.ofDays(500));
        String fingerprint = FlowTest.fingerprint(leaf);
        workzone.enqueue(Reply.text(400, "profile REFUSED does not exist"));
        dropSidecar(service.drop(), "refused.properties", "password=" + TestBundles.PASSWORD, "profile=REFUSED");
        drop(service.drop(), "refused.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));

        await().atMost(PATIENCE).until(() -> uploadStatus(fingerprint).equals("failed"));
        Recorded notice = await().atMost(PATIENCE).until(() -> webhook.requests().stream()
                .filter(r -> r.bodyText().contains("upload.failed") && r.bodyText().contains(fingerprint)).toList(), l -> l.size() == 1).get(0);
        JsonNode event = Json.mapper().readTree(notice.body());
        assertThat(event.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(event.path("text").asText()).contains("400");
        assertThat(event.at("/certificate/sha256Fingerprint").asText()).isEqualTo(fingerprint);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> uploads(fingerprint + "-REFUSED").size() == 1);
    }

    @Test
    void aHungEndpointDoesNotStallTheDropFolder() throws Exception {
        IssuedCertificate slow = TestBundles.leaf("19552101", Duration.ofDays(600));
        IssuedCertificate next = TestBundles.leaf("19552101", Duration.ofDays(601));
        workzone.enqueue(Reply.hang());
        dropSidecar(service.drop(), "slow.properties", "password=" + TestBundles.PASSWORD, "profile=HUNG");
        drop(service.drop(), "slow.p12", TestBundles.pkcs12(slow, temp, TestBundles.PASSWORD));
        await().atMost(PATIENCE).until(() -> uploads(FlowTest.fingerprint(slow) + "-HUNG").size() == 1);

        dropSidecar(service.drop(), "next.properties", "password=" + TestBundles.PASSWORD, "profile=OTHER");
        drop(service.drop(), "next.p12", TestBundles.pkcs12(next, temp, TestBundles.PASSWORD));
        await().atMost(PATIENCE).until(() -> TestBundles.exists(service.data().resolve("archive"), "next", 4));
        await().atMost(PATIENCE).until(() -> uploadStatus(FlowTest.fingerprint(slow)).equals("uploaded"));
        assertThat(uploads(FlowTest.fingerprint(slow) + "-HUNG")).hasSize(2);
    }

    @Test
    void alreadyThereCountsAsUploaded() throws Exception {
        IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(610));
        String fingerprint = FlowTest.fingerprint(leaf);
        workzone.enqueue(Reply.text(409, "already there"));
        dropSidecar(service.drop(), "there.properties", "password=" + TestBundles.PASSWORD, "profile=THERE");
        drop(service.drop(), "there.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));

        await().atMost(PATIENCE).until(() -> uploadStatus(fingerprint).equals("uploaded"));
        assertThat(uploads(fingerprint + "-THERE")).hasSize(1);
    }

    @Test
    void a401FetchesAFreshTokenAndTriesOnceMore() throws Exception {
        IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(620));
        String fingerprint = FlowTest.fingerprint(leaf);
        int tokensBefore = token.requests().size();
        double retriesBefore = workzoneRetries();
        token.enqueue(Reply.json(200, "{\"access_token\":\"tok-fresh\",\"expires_in\":3600}"));
        workzone.enqueue(Reply.status(401));
        dropSidecar(service.drop(), "renew.properties", "password=" + TestBundles.PASSWORD, "profile=RENEW");
        drop(service.drop(), "renew.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));

        await().atMost(PATIENCE).until(() -> uploadStatus(fingerprint).equals("uploaded"));
        List<Recorded> attempts = uploads(fingerprint + "-RENEW");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1).header("Authorization")).isEqualTo("Bearer tok-fresh")
                .isNotEqualTo(attempts.get(0).header("Authorization"));
        assertThat(FormParts.part(FormParts.parse(attempts.get(1).header("Content-Type"), attempts.get(1).body()), "password").text())
                .as("the same body sent again").isEqualTo(TestBundles.PASSWORD);
        assertThat(token.requests().size() - tokensBefore).isBetween(1, 2);
        assertThat(workzoneRetries()).as("renewed within the one attempt, not by a retry").isEqualTo(retriesBefore);
    }

    private static double workzoneRetries() throws Exception {
        return service.get("/observe/metrics").body().lines()
                .filter(l -> l.startsWith("certflow_deliveries_total{") && l.contains("result=\"retry\"") && l.contains("target=\"workzone\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void a401AlsoWithAFreshTokenIsFinal() throws Exception {
        IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(630));
        String fingerprint = FlowTest.fingerprint(leaf);
        workzone.enqueue(Reply.status(401), Reply.status(401));
        dropSidecar(service.drop(), "denied.properties", "password=" + TestBundles.PASSWORD, "profile=DENIED");
        drop(service.drop(), "denied.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));

        await().atMost(PATIENCE).until(() -> uploadStatus(fingerprint).equals("failed"));
        Recorded notice = await().atMost(PATIENCE).until(() -> webhook.requests().stream()
                .filter(r -> r.bodyText().contains("upload.failed") && r.bodyText().contains(fingerprint)).toList(), l -> l.size() == 1).get(0);
        assertThat(Json.mapper().readTree(notice.body()).path("text").asText()).contains("401", "fresh token");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> uploads(fingerprint + "-DENIED").size() == 2);
    }

    private static List<Recorded> uploads(String idempotencyKey) {
        return workzone.requests().stream().filter(r -> idempotencyKey.equals(r.header("Idempotency-Key"))).toList();
    }

    private static String uploadStatus(String fingerprint) throws Exception {
        for (JsonNode c : Json.mapper().readTree(service.get("/api/certificates").body())) {
            if (c.path("fingerprint").asText().equals(fingerprint)) {
                return c.path("upload").asText();
            }
        }
        return "(not recorded)";
    }

    private static void assertNoRequestLeaks(String secret) throws Exception {
        for (Path file : TestBundles.filesUnder(service.data())) {
            assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("%s must not hold the client secret", file).doesNotContain(secret);
        }
    }
}
