package dk.certflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import dk.certflow.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandInsTest {

    private static final String PASSWORD = "upload-password-not-to-keep";

    @TempDir
    Path temp;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private StandIns standIns;

    @BeforeEach
    void start() throws Exception {
        standIns = StandIns.start(temp.resolve("log"), lines::add);
    }

    @AfterEach
    void stop() {
        standIns.close();
    }

    @Test
    void theTokenEndpointHandsOutATokenAndKeepsNoSecret() throws Exception {
        HttpResponse<String> response = post(standIns.tokenUrl(), "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=demo-client&client_secret=s3cret".getBytes(StandardCharsets.UTF_8), null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode token = Json.mapper().readTree(response.body());
        assertThat(token.path("access_token").asText()).isEqualTo(StandIns.ACCESS_TOKEN);
        assertThat(token.path("expires_in").asInt()).isPositive();
        assertThat(standIns.tokenRequests()).singleElement()
                .satisfies(r -> assertThat(r.clientId()).isEqualTo("demo-client"))
                .satisfies(r -> assertThat(r.grantType()).isEqualTo("client_credentials"));
        assertThat(lines).singleElement().asString().contains("client_id=demo-client").doesNotContain("s3cret");
        assertThat(Files.readString(temp.resolve("log/" + StandIns.TOKENS_FILE))).doesNotContain("s3cret");
    }

    @Test
    void anUploadIsRecordedByItsShapeNeverItsPassword() throws Exception {
        byte[] pkcs12 = new byte[1234];
        HttpEntity form = MultipartEntityBuilder.create()
                .addBinaryBody("certificate", pkcs12, ContentType.create("application/x-pkcs12"), "org.p12")
                .addTextBody("password", PASSWORD, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8))
                .addTextBody("profile", "CVR kontakter", ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8))
                .build();

        HttpResponse<String> response = post(URI.create(standIns.workzoneBaseUrl() + "/auth-profiles/CVR%20kontakter/certificate"),
                form.getContentType(), bytes(form), "ABC-CVR kontakter", "Bearer " + StandIns.ACCESS_TOKEN);

        assertThat(response.statusCode()).isEqualTo(201);
        StandIns.Upload upload = standIns.uploads().get(0);
        assertThat(standIns.uploads()).hasSize(1);
        assertThat(upload.profile()).isEqualTo("CVR kontakter");
        assertThat(upload.idempotencyKey()).isEqualTo("ABC-CVR kontakter");
        assertThat(upload.bearerToken()).isTrue();
        assertThat(upload.parts()).extracting(StandIns.Part::name).containsExactly("certificate", "password", "profile");
        assertThat(upload.part("certificate")).isEqualTo(new StandIns.Part("certificate", "org.p12", 1234));
        assertThat(upload.part("password").size()).isEqualTo(PASSWORD.length());
        assertThat(lines).singleElement().asString()
                .contains("org.p12, 1234 bytes", "Idempotency-Key: ABC-CVR kontakter", "Bearer token: yes", "201")
                .doesNotContain(PASSWORD);
        String log = Files.readString(temp.resolve("log/" + StandIns.UPLOADS_FILE));
        assertThat(log.lines()).hasSize(1);
        assertThat(log).contains("ABC-CVR kontakter").doesNotContain(PASSWORD);
    }

    @Test
    void anUploadWithoutTheIssuedTokenIsMarked() throws Exception {
        HttpEntity form = MultipartEntityBuilder.create().addTextBody("profile", "CVR").build();

        HttpResponse<String> response = post(URI.create(standIns.workzoneBaseUrl() + "/auth-profiles/CVR/certificate"),
                form.getContentType(), bytes(form), "KEY-CVR", null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(standIns.uploads()).singleElement().satisfies(u -> assertThat(u.bearerToken()).isFalse());
        assertThat(lines).singleElement().asString().contains("Bearer token: NO");
    }

    @Test
    void anOnboardingRecordIsRecordedWithItsCertificate() throws Exception {
        String json = "{\"schema\":\"certflow.onboarding/1\",\"organisation\":{\"cvr\":\"12345674\"},"
                + "\"certificate\":{\"sha256Fingerprint\":\"AB12\"}}";

        HttpResponse<String> response = post(standIns.recordsUrl(), "application/json", json.getBytes(StandardCharsets.UTF_8), null, null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(standIns.records()).singleElement().satisfies(r -> {
            assertThat(r.schema()).isEqualTo("certflow.onboarding/1");
            assertThat(r.cvr()).isEqualTo("12345674");
            assertThat(r.sha256Fingerprint()).isEqualTo("AB12");
            assertThat(r.contentType()).isEqualTo("application/json");
        });
        assertThat(Files.readAllLines(temp.resolve("log/" + StandIns.RECORDS_FILE))).hasSize(1);
    }

    @Test
    void otherPathsAndBodiesAreRefusedAndNotRecorded() throws Exception {
        assertThat(post(URI.create(standIns.workzoneBaseUrl() + "/elsewhere"), "text/plain", new byte[1], null, null).statusCode())
                .isEqualTo(404);
        assertThat(post(URI.create(standIns.workzoneBaseUrl() + "/auth-profiles/CVR/certificate"), "text/plain", new byte[1], null, null)
                .statusCode()).isEqualTo(400);
        assertThat(post(standIns.recordsUrl(), "application/json", "not json".getBytes(StandardCharsets.UTF_8), null, null).statusCode())
                .isEqualTo(400);
        assertThat(standIns.uploads()).isEmpty();
        assertThat(standIns.records()).isEmpty();
        assertThat(lines).hasSize(3);
    }

    private HttpResponse<String> post(URI uri, String contentType, byte[] body, String idempotencyKey, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(HttpEntity entity) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entity.writeTo(out);
        return out.toByteArray();
    }
}
