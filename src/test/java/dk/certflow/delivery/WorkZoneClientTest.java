package dk.certflow.delivery;

import dk.certflow.testing.FormParts;
import dk.certflow.testing.TestHttpServer;
import dk.certflow.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dk.certflow.delivery.DeliveryResult.Outcome;
import dk.certflow.testing.TestHttpServer.Recorded;
import dk.certflow.testing.TestHttpServer.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkZoneClientTest {

    private static final String PASSWORD = "Kødpålæg-æøå";
    private static final String CLIENT_SECRET = "cl!ent s3cret/æ+=";
    private static final String PROFILE = "Min Profil";
    private static final String FINGERPRINT = "AB".repeat(32);
    private static final Instant NOT_AFTER = Instant.parse("2027-03-14T09:26:53Z");
    private static final Path SAMPLE = Path.of("src/test/resources/oces/samples/kombit-sp-devtest4-demoklient-sf0101-1.p12");

    private static byte[] pkcs12;
    private static String thumbprint;

    /** Generous, so that a cold JVM never makes an ordinary test time out. */
    private final HttpSettings settings = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10));
    private final HttpClient http = settings.newClient();
    /** For the timeout tests. */
    private final HttpSettings impatient = new HttpSettings(Duration.ofSeconds(5), Duration.ofMillis(300));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private TestHttpServer workZone;
    private TestHttpServer tokenEndpoint;

    @BeforeAll
    static void readSample() throws Exception {
        pkcs12 = Files.readAllBytes(SAMPLE);
        char[] samplePassword = Files.readString(SAMPLE.resolveSibling(
                "kombit-sp-devtest4-demoklient-sf0101-1.pass"), StandardCharsets.UTF_8).strip().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(pkcs12), samplePassword);
        String alias = store.aliases().nextElement();
        X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
        thumbprint = HexFormat.of().withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    }

    @BeforeEach
    void startServers() throws IOException {
        workZone = TestHttpServer.start();
        tokenEndpoint = TestHttpServer.start();
    }

    @AfterEach
    void stopServers() {
        workZone.close();
        tokenEndpoint.close();
    }

    @Test
    void uploadsEveryPartWithIdempotencyKeyAndBearerToken() throws Exception {
        tokenEndpoint.enqueue(token("tok-1", 3600));
        workZone.enqueue(Reply.json(201, "{\"id\":\"42\"}"));

        // base URL with a path and a trailing slash, as an operator may well configure it
        WorkZoneClient client = new WorkZoneClient(workZone.uri("/api/"), null, tokens(), http, settings);
        DeliveryResult result = client.upload(upload(PROFILE));

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.httpStatus()).isEqualTo(201);
        assertThat(result.delivered()).isTrue();

        Recorded request = workZone.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/api/auth-profiles/Min%20Profil/certificate");
        assertThat(request.header("Idempotency-Key")).isEqualTo(FINGERPRINT + "-Min%20Profil");
        assertThat(request.header("Authorization")).isEqualTo("Bearer tok-1");
        String contentType = request.header("Content-Type");
        assertThat(contentType).startsWith("multipart/form-data; boundary=");

        List<FormParts.Part> parts = FormParts.parse(contentType, request.body());
        assertThat(parts).extracting(FormParts.Part::name)
                .containsExactly("certificate", "password", "profile", "thumbprint", "notAfter");

        FormParts.Part certificate = parts.get(0);
        assertThat(certificate.content()).isEqualTo(pkcs12);
        assertThat(certificate.fileName()).isEqualTo("demoklient.p12");
        assertThat(certificate.contentType()).isEqualTo("application/x-pkcs12");

        assertThat(parts.get(1).text()).isEqualTo(PASSWORD);
        assertThat(parts.get(1).contentType()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(parts.get(1).fileName()).isNull();
        assertThat(parts.get(2).text()).isEqualTo(PROFILE);
        assertThat(parts.get(3).text()).isEqualTo(thumbprint).matches("[0-9A-F]{40}");
        assertThat(parts.get(4).text()).isEqualTo("2027-03-14T09:26:53Z");
        assertThat(Instant.parse(parts.get(4).text())).isEqualTo(NOT_AFTER);
    }

    @Test
    void withoutOAuthSendsNoAuthorizationHeader() {
        workZone.enqueue(Reply.status(204));

        DeliveryResult result = new WorkZoneClient(workZone.uri(""), null, null, http, settings)
                .upload(upload("CVR"));

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        Recorded request = workZone.onlyRequest();
        assertThat(request.rawPath()).isEqualTo("/auth-profiles/CVR/certificate");
        assertThat(request.headers()).doesNotContainKey("Authorization");
        assertThat(tokenEndpoint.requests()).isEmpty();
    }

    @Test
    void customPathTemplateIsJoinedWithoutDoubleSlash() {
        workZone.enqueue(Reply.status(200));

        new WorkZoneClient(workZone.uri("/wz/"), "/v2/profiles/{profile}/cert", null, http, settings)
                .upload(upload("a/b"));

        assertThat(workZone.onlyRequest().rawPath()).isEqualTo("/wz/v2/profiles/a%2Fb/cert");
    }

    @Test
    void fetchesOneTokenForSeveralUploads() {
        tokenEndpoint.enqueue(token("tok-1", 3600));
        workZone.enqueue(Reply.status(201), Reply.status(201), Reply.status(201));
        WorkZoneClient client = new WorkZoneClient(workZone.uri(""), null, tokens(), http, settings);

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(client.upload(upload("CVR")).outcome()).isEqualTo(Outcome.DELIVERED);
        }

        assertThat(tokenEndpoint.requests()).hasSize(1);
        assertThat(workZone.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-1");
    }

    @Test
    void fetchesANewTokenOnceTheOldOneExpires() {
        tokenEndpoint.enqueue(token("tok-1", 600), token("tok-2", 600));
        workZone.enqueue(Reply.status(201), Reply.status(201));
        WorkZoneClient client = new WorkZoneClient(workZone.uri(""), null, tokens(), http, settings);

        client.upload(upload("CVR"));
        clock.advance(Duration.ofSeconds(600));
        client.upload(upload("CVR"));

        assertThat(tokenEndpoint.requests()).hasSize(2);
        assertThat(workZone.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer tok-1", "Bearer tok-2");
    }

    @Test
    void on401FetchesAFreshTokenAndTriesOnceMore() {
        tokenEndpoint.enqueue(token("revoked", 3600), token("fresh", 3600));
        workZone.enqueue(Reply.status(401), Reply.status(201));

        DeliveryResult result = new WorkZoneClient(workZone.uri(""), null, tokens(), http, settings)
                .upload(upload("CVR"));

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(tokenEndpoint.requests()).hasSize(2);
        List<Recorded> uploads = workZone.requests();
        assertThat(uploads).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer revoked", "Bearer fresh");
        assertThat(uploads.get(1).body()).isEqualTo(uploads.get(0).body());
    }

    @Test
    void a401WithTheFreshTokenTooIsRejected() {
        tokenEndpoint.enqueue(token("tok-1", 3600), token("tok-2", 3600));
        workZone.enqueue(Reply.status(401), Reply.status(401));

        DeliveryResult result = new WorkZoneClient(workZone.uri(""), null, tokens(), http, settings)
                .upload(upload("CVR"));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.httpStatus()).isEqualTo(401);
        assertThat(workZone.requests()).hasSize(2);
        assertThat(tokenEndpoint.requests()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({
        "200, DELIVERED", "201, DELIVERED", "204, DELIVERED",
        "409, ALREADY_THERE",
        "400, REJECTED", "403, REJECTED", "404, REJECTED", "413, REJECTED", "302, REJECTED",
        "429, RETRY", "500, RETRY", "502, RETRY", "503, RETRY"})
    void classifiesTheAnswer(int status, Outcome expected) {
        workZone.enqueue(Reply.text(status, "answer\r\nforged: line"));

        DeliveryResult result = new WorkZoneClient(workZone.uri(""), null, null, http, settings)
                .upload(upload("CVR"));

        assertThat(result.outcome()).isEqualTo(expected);
        assertThat(result.httpStatus()).isEqualTo(status);
        assertThat(result.message()).startsWith("HTTP " + status).doesNotContain("\r", "\n");
        assertThat(workZone.requests()).hasSize(1);
    }

    @Test
    void alreadyThereCountsAsDelivered() {
        workZone.enqueue(Reply.status(409));

        DeliveryResult result = new WorkZoneClient(workZone.uri(""), null, null, http, settings)
                .upload(upload("CVR"));

        assertThat(result.outcome()).isEqualTo(Outcome.ALREADY_THERE);
        assertThat(result.delivered()).isTrue();
        assertThat(result.retryable()).isFalse();
    }

    @Test
    void aRejectionQuotingTheRequestNeverShowsThePasswordOrToken() {
        tokenEndpoint.enqueue(token("tok-secret-1", 3600));
        workZone.enqueue(Reply.json(400, "{\"error\":\"password " + PASSWORD + " wrong, token tok-secret-1\"}"));

        DeliveryResult result = new WorkZoneClient(workZone.uri(""), null, tokens(), http, settings)
                .upload(upload("CVR"));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.message()).isEqualTo("HTTP 400: {\"error\":\"password *** wrong, token ***\"}");
        assertNoSecretIn(result.message());
        assertThat(result.message()).doesNotContain("tok-secret-1");
    }

    @Test
    void aHungEndpointIsRetriedAfterTheRequestTimeout() {
        workZone.enqueue(Reply.status(201), Reply.hang());
        WorkZoneClient client = new WorkZoneClient(workZone.uri(""), null, null, impatient.newClient(), impatient);
        warmUp();

        long start = System.nanoTime();
        DeliveryResult result = client.upload(upload("CVR"));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.httpStatus()).isZero();
        assertThat(result.message()).startsWith("timed out");
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void aBodyThatNeverEndsIsRetriedAfterTheRequestTimeout() {
        workZone.enqueue(Reply.status(201), Reply.status(200).stallingBody());
        WorkZoneClient client = new WorkZoneClient(workZone.uri(""), null, null, impatient.newClient(), impatient);
        warmUp();

        long start = System.nanoTime();
        DeliveryResult result = client.upload(upload("CVR"));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.message()).startsWith("timed out");
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void aRefusedConnectionIsRetried() throws IOException {
        URI closed = closedPortUri();

        DeliveryResult result = new WorkZoneClient(closed, null, null, http, settings).upload(upload("CVR"));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.httpStatus()).isZero();
        assertThat(result.message()).startsWith("connection failed");
        assertNoSecretIn(result.message());
    }

    @Test
    void badClientCredentialsRejectTheUploadWithoutCallingWorkZone() {
        // the token endpoint quotes the form it got, secret included
        tokenEndpoint.enqueue(Reply.echo(401));

        DeliveryResult result = new WorkZoneClient(workZone.uri(""), null, tokens(), http, settings)
                .upload(upload("CVR"));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.message()).contains("HTTP 401", "grant_type=client_credentials", "client_secret=***");
        assertNoSecretIn(result.message());
        assertThat(workZone.requests()).isEmpty();
    }

    @Test
    void anUnavailableTokenEndpointMeansRetry() throws IOException {
        tokenEndpoint.enqueue(Reply.status(503));
        DeliveryResult busy = new WorkZoneClient(workZone.uri(""), null, tokens(), http, settings)
                .upload(upload("CVR"));

        OAuthTokenSource unreachable = new OAuthTokenSource(closedPortUri(), "certflow",
                CLIENT_SECRET.toCharArray(), http, settings, clock);
        DeliveryResult down = new WorkZoneClient(workZone.uri(""), null, unreachable, http, settings)
                .upload(upload("CVR"));

        assertThat(Stream.of(busy, down)).allSatisfy(result -> {
            assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
            assertThat(result.message()).startsWith("OAuth token:");
            assertNoSecretIn(result.message());
        });
        assertThat(workZone.requests()).isEmpty();
    }

    @Test
    void uploadToStringHidesPasswordAndBytes() {
        String text = upload("CVR").toString();

        assertThat(text).contains("demoklient.p12", "CVR", thumbprint).doesNotContain(PASSWORD, "[B@", "[C@");
    }

    /** One full round trip first, so the measured attempt times the timeout rather than class loading. */
    private void warmUp() {
        DeliveryResult result = new WorkZoneClient(workZone.uri(""), null, null, http, settings).upload(upload("CVR"));
        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
    }

    private WorkZoneUpload upload(String profile) {
        return new WorkZoneUpload(pkcs12, "demoklient.p12", PASSWORD.toCharArray(), profile,
                thumbprint.toLowerCase(), NOT_AFTER, WorkZoneUpload.idempotencyKey(FINGERPRINT, profile));
    }

    private OAuthTokenSource tokens() {
        return new OAuthTokenSource(tokenEndpoint.uri("/oauth/token"), "certflow", CLIENT_SECRET.toCharArray(),
                http, settings, clock);
    }

    private static Reply token(String token, int expiresIn) {
        return Reply.json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + expiresIn + "}");
    }

    private static void assertNoSecretIn(String message) {
        assertThat(message).doesNotContain(PASSWORD, CLIENT_SECRET,
                URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8), "Kødpålæg");
    }

    static URI closedPortUri() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + "/");
    }
}
