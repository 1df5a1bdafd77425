package dk.certflow.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * OAuth 2 client-credentials tokens (RFC 6749 §4.4, credentials in the form body), cached until shortly before
 * they expire and dropped after a 401. Thread-safe: callers that need a token while one is being fetched wait for
 * it instead of fetching their own.
 * <p>
 * camel-http's own OAuth options (oauth2ClientId/-Secret/-TokenEndpoint, the same in Camel 4.17 and 4.22) cache a
 * token but never drop one the server refuses before its time, send the secret without form encoding and give
 * every failure of the token endpoint the same meaning, so a bad secret could not be told from a busy endpoint.
 * Hence this small piece; the HTTP itself goes through camel-http ({@link TokenEndpoint}).
 */
public final class OAuthTokenSource {

    /** Refresh this long before expiry at most; a tenth of the lifetime for short-lived tokens. */
    static final Duration MAX_REFRESH_MARGIN = Duration.ofSeconds(30);
    /** Assumed when the endpoint does not say; a 401 fetches a fresh token anyway. */
    static final Duration LIFETIME_WHEN_UNSTATED = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the form goes: one POST, its answer, or an IOException when none came. */
    @FunctionalInterface
    public interface TokenEndpoint {
        Answer post(byte[] form) throws IOException;
    }

    public record Answer(int status, byte[] body) {
    }

    private final TokenEndpoint endpoint;
    private final java.net.URI tokenUrl;
    private final String clientId;
    private final char[] clientSecret;
    private final Clock clock;

    private String cachedToken;
    private Instant refreshAt = Instant.MIN;

    /** Keeps its own copy of {@code clientSecret}: the caller may clear theirs. */
    /** @param tokenUrl where {@code endpoint} posts to, named in messages; may be null */
    public OAuthTokenSource(TokenEndpoint endpoint, java.net.URI tokenUrl, String clientId, char[] clientSecret, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.tokenUrl = tokenUrl;
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret").clone();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A valid access token: the cached one, or a new one when it is about to expire or was rejected. */
    public synchronized String token() throws TokenException {
        if (cachedToken == null || !clock.instant().isBefore(refreshAt)) {
            fetch();
        }
        return cachedToken;
    }

    /**
     * Forgets {@code rejectedToken} after a 401, unless another caller has replaced it already (then that newer
     * token is kept rather than fetched again).
     */
    public synchronized void invalidate(String rejectedToken) {
        if (cachedToken != null && cachedToken.equals(rejectedToken)) {
            cachedToken = null;
        }
    }

    private void fetch() throws TokenException {
        cachedToken = null;
        Instant requestedAt = clock.instant();
        String secret = new String(clientSecret);
        byte[] form = form(secret);
        try {
            accept(endpoint.post(form), requestedAt, secret);
        } catch (IOException e) {
            throw new TokenException(DeliveryResult.Outcome.RETRY, 0, NoAnswer.describe(e, tokenUrl, secret));
        } finally {
            Arrays.fill(form, (byte) 0);
        }
    }

    private void accept(Answer response, Instant requestedAt, String secret) throws TokenException {
        int status = response.status();
        if (status < 200 || status >= 300) {
            // 429 and 5xx: the endpoint is busy or down; anything else (400/401 above all): bad credentials
            DeliveryResult.Outcome outcome = status == 429 || status >= 500
                    ? DeliveryResult.Outcome.RETRY : DeliveryResult.Outcome.REJECTED;
            String detail = SafeText.clean(response.body(), secret);
            throw new TokenException(outcome, status,
                    "token endpoint answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail));
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            // the parser's message quotes the input, which may hold a token
            answer = null;
        }
        String token = answer == null ? null : answer.path("access_token").asText(null);
        if (token == null || token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new TokenException(DeliveryResult.Outcome.RETRY, status,
                    "token endpoint answered HTTP " + status + " without a usable access_token");
        }
        Duration lifetime = lifetime(answer.path("expires_in"));
        Duration margin = lifetime.dividedBy(10).compareTo(MAX_REFRESH_MARGIN) < 0
                ? lifetime.dividedBy(10) : MAX_REFRESH_MARGIN;
        // counted from the request: the endpoint started the clock before we got the answer
        refreshAt = requestedAt.plus(lifetime).minus(margin);
        cachedToken = token;
    }

    private static Duration lifetime(JsonNode expiresIn) {
        // some servers send the number as a string
        long seconds = expiresIn.isNumber() || expiresIn.isTextual() ? expiresIn.asLong(0) : 0;
        return seconds > 0 ? Duration.ofSeconds(seconds) : LIFETIME_WHEN_UNSTATED;
    }

    private byte[] form(String secret) {
        return ("grant_type=client_credentials"
                + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
    }
}
