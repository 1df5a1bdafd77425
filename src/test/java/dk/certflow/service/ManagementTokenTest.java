package dk.certflow.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACTS §12: with certflow.management.token(-file) set, everything on the management port but health asks for it. */
class ManagementTokenTest {

    private static final String TOKEN = "mgmt-7f3c9a1e5b2d4c8e9a0b";
    private static final HttpClient HTTP = HttpClient.newHttpClient(); // follows no redirects

    @TempDir
    static Path temp;
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        Path tokenFile = temp.resolve("management-token");
        Files.writeString(tokenFile, TOKEN + "\n");
        service = RunningService.start(temp.resolve("data"), RunningService.settings(
                "certflow.management.token-file", tokenFile.toString()), null);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void healthStaysOpenForProbesWithoutTheToken() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/observe/health", null).statusCode() == 200);
        assertThat(get("/observe/health", null).body()).contains("UP");
    }

    @Test
    void everythingElseIsRefusedWithoutTheToken() throws Exception {
        for (String path : List.of("/", "/api/certificates", "/observe/metrics", "/no-such-page", "/observe/../api/certificates",
                "/observe/health/../../api/certificates", "/observe/healthz", "/api/certificates?token=" + TOKEN)) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer realm=\"certflow\"");
            assertThat(response.body()).as(path).doesNotContain("certificates\"");
        }
    }

    @Test
    void aWrongTokenIsRefusedEverywhere() throws Exception {
        for (String path : List.of("/", "/api/certificates", "/observe/metrics")) {
            assertThat(get(path, "Bearer " + TOKEN + "x").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "Bearer " + TOKEN.substring(1)).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "Basic " + TOKEN).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get("/?token=" + TOKEN + "x", null).statusCode()).isEqualTo(401);
        assertThat(get("/", null, "Cookie", "certflow_console=" + TOKEN).statusCode()).as("the token is not the cookie").isEqualTo(401);
    }

    @Test
    void theBearerTokenOpensTheApiTheMetricsAndTheConsole() throws Exception {
        HttpResponse<String> api = get("/api/certificates", "Bearer " + TOKEN);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body().strip()).startsWith("[");
        HttpResponse<String> metrics = get("/observe/metrics", "bearer " + TOKEN);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("certflow_outbox_pending");
        HttpResponse<String> page = get("/", "Bearer " + TOKEN);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html").doesNotContain(TOKEN);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none'");
    }

    @Test
    void theTokenGivenOnceInTheAddressBecomesAnHttpOnlySameSiteCookieAndLeavesTheAddress() throws Exception {
        HttpResponse<String> redirect = get("/?token=" + TOKEN, null);
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/");
        String setCookie = redirect.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("certflow_console=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict", "Path=/")
                .doesNotContain(TOKEN).doesNotContainIgnoringCase("Max-Age").doesNotContainIgnoringCase("Expires");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> page = get("/", null, "Cookie", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html").doesNotContain(TOKEN);
        assertThat(get("/api/certificates", null, "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(get("/api/certificates?token=" + TOKEN, null).statusCode()).as("only the page takes ?token=").isEqualTo(401);
    }

    private static HttpResponse<String> get(String path, String authorization, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
