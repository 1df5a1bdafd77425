package dk.certflow.delivery;

import dk.certflow.testing.TestHttpServer;
import dk.certflow.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dk.certflow.delivery.DeliveryResult.Outcome;
import dk.certflow.testing.TestHttpServer.Recorded;
import dk.certflow.testing.TestHttpServer.Reply;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OAuthTokenSourceTest {

    private static final String SECRET = "s3cr&t=+ø %";

    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private TestHttpServer server;
    private OAuthTokenSource tokens;

    @BeforeEach
    void start() throws IOException {
        server = TestHttpServer.start();
        tokens = new OAuthTokenSource(this::post, null, "certflow client", SECRET.toCharArray(), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void postsClientCredentialsAsAnEncodedForm() throws TokenException {
        server.enqueue(token("abc", 3600));

        assertThat(tokens.token()).isEqualTo("abc");

        Recorded request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/token");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.bodyText()).startsWith("grant_type=client_credentials&");
        assertThat(form(request.bodyText())).containsExactly(
                Map.entry("grant_type", "client_credentials"),
                Map.entry("client_id", "certflow client"),
                Map.entry("client_secret", SECRET));
    }

    @Test
    void keepsItsOwnCopyOfTheSecret() throws TokenException {
        char[] callers = SECRET.toCharArray();
        OAuthTokenSource source = new OAuthTokenSource(this::post, null, "id", callers, clock);
        Arrays.fill(callers, '\0');
        server.enqueue(token("abc", 3600));

        source.token();

        assertThat(form(server.onlyRequest().bodyText())).containsEntry("client_secret", SECRET);
    }

    @Test
    void cachesUntilThirtySecondsBeforeExpiry() throws TokenException {
        server.enqueue(token("first", 3600), token("second", 3600));

        assertThat(tokens.token()).isEqualTo("first");
        clock.advance(Duration.ofSeconds(3569));
        assertThat(tokens.token()).isEqualTo("first");
        assertThat(server.requests()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.token()).isEqualTo("second");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void refreshesShortLivedTokensAtNinetyPercentOfTheirLifetime() throws TokenException {
        server.enqueue(token("first", 60), token("second", 60));

        tokens.token();
        clock.advance(Duration.ofSeconds(53));
        assertThat(tokens.token()).isEqualTo("first");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.token()).isEqualTo("second");
    }

    @Test
    void assumesAFewMinutesWhenTheLifetimeIsNotStated() throws TokenException {
        server.enqueue(Reply.json(200, "{\"access_token\":\"first\"}"), token("second", 60));

        tokens.token();
        clock.advance(OAuthTokenSource.LIFETIME_WHEN_UNSTATED.minusSeconds(31));
        assertThat(tokens.token()).isEqualTo("first");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.token()).isEqualTo("second");
    }

    @Test
    void acceptsTheLifetimeAsAString() throws TokenException {
        server.enqueue(Reply.json(200, "{\"access_token\":\"first\",\"expires_in\":\"7200\"}"));

        tokens.token();
        clock.advance(Duration.ofHours(1));

        assertThat(tokens.token()).isEqualTo("first");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void invalidateDropsOnlyTheRejectedToken() throws TokenException {
        server.enqueue(token("first", 3600), token("second", 3600));

        String first = tokens.token();
        tokens.invalidate(first);
        String second = tokens.token();
        tokens.invalidate(first); // a late caller still holding the old one
        assertThat(tokens.token()).isEqualTo(second).isEqualTo("second");

        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        server.enqueue(token("shared", 3600).after(answer));
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Thread> threads = new ArrayList<>();
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    synchronized (threads) {
                        threads.add(Thread.currentThread());
                    }
                    return tokens.token();
                }));
            }
            // one caller is waiting for the endpoint, all others wait for that caller
            await().atMost(Duration.ofSeconds(5)).until(() -> server.requests().size() == 1 && blocked(threads) == callers - 1);
            answer.countDown();

            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo("shared");
            }
            assertThat(server.requests()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusedCredentialsAreRejectedWithoutShowingTheSecret() {
        server.enqueue(Reply.echo(400));

        assertThatThrownBy(tokens::token).isInstanceOfSatisfying(TokenException.class, e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).contains("HTTP 400", "client_secret=***");
            assertThat(e.toResult().outcome()).isEqualTo(Outcome.REJECTED);
            assertNoSecret(e.getMessage());
            assertNoSecret(e.toResult().message());
        });
    }

    @Test
    void busyOrBrokenEndpointsMeanRetry() {
        server.enqueue(Reply.status(503), Reply.status(429), Reply.text(200, "<html>login</html>"),
                Reply.json(200, "{\"access_token\":\"bad\\r\\nvalue\"}"));

        for (int status : new int[] {503, 429, 200, 200}) {
            assertThatThrownBy(tokens::token).isInstanceOfSatisfying(TokenException.class, e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.RETRY);
                assertThat(e.httpStatus()).isEqualTo(status);
                assertThat(e.getMessage()).doesNotContain("bad");
            });
        }
    }

    @Test
    void noAnswerMeansRetryWithoutShowingTheSecret() {
        OAuthTokenSource unreachable = new OAuthTokenSource(form -> {
            throw new java.net.ConnectException("Connection refused");
        }, null, "id", SECRET.toCharArray(), clock);

        assertThatThrownBy(unreachable::token).isInstanceOfSatisfying(TokenException.class, e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.RETRY);
            assertThat(e.httpStatus()).isZero();
            assertThat(e.getMessage()).contains("Connection refused");
            assertNoSecret(e.getMessage());
        });
    }

    /** The token endpoint as the service reaches it, here straight over java.net.http. */
    private OAuthTokenSource.Answer post(byte[] form) throws IOException {
        try {
            var response = http.send(java.net.http.HttpRequest.newBuilder(server.uri("/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(form)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            return new OAuthTokenSource.Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static long blocked(List<Thread> threads) {
        synchronized (threads) {
            return threads.stream().filter(t -> t.getState() == Thread.State.BLOCKED).count();
        }
    }

    private static Reply token(String token, int expiresIn) {
        return Reply.json(200, "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn + "}");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] nameValue = pair.split("=", 2);
            fields.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static void assertNoSecret(String message) {
        assertThat(message).doesNotContain(SECRET, URLEncoder.encode(SECRET, StandardCharsets.UTF_8));
    }
}
