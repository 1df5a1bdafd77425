package dk.certflow.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One bounded HTTP attempt and the classification of what came of it. */
final class HttpCalls {

    private HttpCalls() {
    }

    /**
     * Sends and reads the whole answer within {@code timeout}. {@link HttpRequest#timeout} alone stops counting
     * once the headers arrive, so a server that stalls inside the body would otherwise hold the caller forever.
     */
    static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, Duration timeout)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /**
     * Checks a header value before the JDK does: its complaint would quote the value, which may be a token.
     * Visible ASCII and spaces only, which covers bearer tokens (RFC 6750) and idempotency keys.
     */
    static String headerValue(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(what + " is empty or holds characters not allowed in an HTTP header");
        }
        return value;
    }

    static DeliveryResult resultOf(int status, byte[] body, String... secrets) {
        String detail = SafeText.clean(body, secrets);
        String message = "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
        return new DeliveryResult(DeliveryResult.outcomeOf(status), status, message);
    }

    /** Timeouts and connection problems are transient by nature: always worth another attempt. */
    static DeliveryResult failureOf(IOException e, String... secrets) {
        return new DeliveryResult(DeliveryResult.Outcome.RETRY, 0, describe(e, secrets));
    }

    static DeliveryResult interrupted() {
        Thread.currentThread().interrupt();
        return new DeliveryResult(DeliveryResult.Outcome.RETRY, 0, "interrupted before an answer arrived");
    }

    static String describe(IOException e, String... secrets) {
        String kind;
        if (e instanceof HttpTimeoutException) {
            kind = "timed out";
        } else if (e instanceof ConnectException) {
            kind = "connection failed";
        } else {
            kind = "I/O error";
        }
        String detail = SafeText.clean(e.getMessage(), secrets);
        return kind + " (" + e.getClass().getSimpleName() + ")" + (detail.isEmpty() ? "" : ": " + detail);
    }

    private static IOException unwrap(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }
}
