package dk.certflow.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;

/**
 * POSTs one JSON document (an onboarding record, a notification event): one attempt per call, classified like
 * every delivery.
 */
public final class JsonPoster {

    private final HttpClient client;
    private final HttpSettings settings;

    public JsonPoster(HttpClient client, HttpSettings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param bearerToken    sent as {@code Authorization: Bearer ...} unless {@code null}
     * @param idempotencyKey sent as {@code Idempotency-Key} unless {@code null}
     * @throws IllegalArgumentException for a token or key that cannot be an HTTP header (configuration error)
     */
    public DeliveryResult post(URI url, String json, String bearerToken, String idempotencyKey) {
        Urls.requireHttp(url, "URL");
        Objects.requireNonNull(json, "json");
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + HttpCalls.headerValue(bearerToken, "bearer token"));
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", HttpCalls.headerValue(idempotencyKey, "idempotency key"));
        }
        try {
            HttpResponse<byte[]> response = HttpCalls.send(client, request.build(), settings.requestTimeout());
            return HttpCalls.resultOf(response.statusCode(), response.body(), bearerToken);
        } catch (IOException e) {
            return HttpCalls.failureOf(e, bearerToken);
        } catch (InterruptedException e) {
            return HttpCalls.interrupted();
        }
    }
}
