package dk.certflow.delivery;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts for outgoing HTTP. {@code requestTimeout} bounds one whole attempt, from sending the request until
 * the response body has been read.
 */
public record HttpSettings(Duration connectTimeout, Duration requestTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public HttpSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
    }

    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * The client to share between all deliveries. Redirects are not followed: a redirected POST would either
     * lose its body or carry credentials to another host, so a 3xx is reported instead.
     */
    public HttpClient newClient() {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
