package dk.certflow.delivery;

import dk.certflow.testing.TestHttpServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.certflow.delivery.DeliveryResult.Outcome;
import dk.certflow.testing.TestHttpServer.Recorded;
import dk.certflow.testing.TestHttpServer.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonPosterTest {

    private static final String EVENT = "{\"event\":\"certificate.expiring\",\"text\":\"Kødpålæg ApS: 14 dage\"}";

    private final HttpSettings settings = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10));
    private final JsonPoster poster = new JsonPoster(settings.newClient(), settings);
    private TestHttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = TestHttpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void postsJsonWithBearerTokenAndIdempotencyKey() {
        server.enqueue(Reply.status(202));

        DeliveryResult result = poster.post(server.uri("/hooks/certflow?channel=ops"), EVENT, "hook-token", "AB12-CVR");

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.httpStatus()).isEqualTo(202);
        Recorded request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/hooks/certflow");
        assertThat(request.rawQuery()).isEqualTo("channel=ops");
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.header("Authorization")).isEqualTo("Bearer hook-token");
        assertThat(request.header("Idempotency-Key")).isEqualTo("AB12-CVR");
        assertThat(request.body()).isEqualTo(EVENT.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void postsWithoutTokenOrKeyWhenNoneIsGiven() {
        server.enqueue(Reply.status(200));

        DeliveryResult result = poster.post(server.uri("/records"), EVENT, null, null);

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        Recorded request = server.onlyRequest();
        assertThat(request.headers()).doesNotContainKeys("Authorization", "Idempotency-Key");
        assertThat(request.bodyText()).isEqualTo(EVENT);
    }

    @Test
    void classifiesLikeEveryDelivery() {
        server.enqueue(Reply.status(503), Reply.status(429), Reply.status(409), Reply.text(422, "bad schema"));

        assertThat(poster.post(server.uri("/r"), EVENT, null, null).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(poster.post(server.uri("/r"), EVENT, null, null).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(poster.post(server.uri("/r"), EVENT, null, null).outcome()).isEqualTo(Outcome.ALREADY_THERE);
        DeliveryResult refused = poster.post(server.uri("/r"), EVENT, null, null);
        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refused.message()).isEqualTo("HTTP 422: bad schema");
    }

    @Test
    void aRejectionNeverShowsTheToken() {
        server.enqueue(Reply.text(401, "token hook-token is not valid"));

        DeliveryResult result = poster.post(server.uri("/r"), EVENT, "hook-token", null);

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.message()).isEqualTo("HTTP 401: token *** is not valid");
    }

    @Test
    void aHungOrMissingEndpointMeansRetry() throws IOException {
        HttpSettings impatient = new HttpSettings(Duration.ofSeconds(5), Duration.ofMillis(300));
        JsonPoster impatientPoster = new JsonPoster(impatient.newClient(), impatient);
        server.enqueue(Reply.status(200), Reply.hang());
        // one round trip first, so the measured call times the timeout rather than class loading
        assertThat(poster.post(server.uri("/r"), EVENT, null, null).outcome()).isEqualTo(Outcome.DELIVERED);

        long start = System.nanoTime();
        DeliveryResult hung = impatientPoster.post(server.uri("/r"), EVENT, null, null);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        DeliveryResult refused = poster.post(WorkZoneClientTest.closedPortUri(), EVENT, null, null);

        assertThat(hung.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofMillis(1500));
        assertThat(refused.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(refused.httpStatus()).isZero();
    }

    @Test
    void aTokenThatCannotBeAHeaderIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> poster.post(server.uri("/r"), EVENT, "secret\r\nX-Evil: 1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
        assertThat(server.requests()).isEmpty();
    }
}
