package dk.certflow.revocation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Revocation requests through the JDK's HTTP client, for the one-shot commands ({@code inspect}, {@code convert}):
 * starting Camel with its http component for one OCSP request would cost more than the command itself. The proxy of
 * certflow.http.proxy is honoured (without authentication); the service itself goes through Camel (CamelRevocationFetcher).
 */
public final class JdkRevocationFetcher implements RevocationFetcher {

    /** OCSP answers and CRLs are small; a larger body is not what was asked for. */
    static final int MAX_BODY = 10 * 1024 * 1024;

    private final HttpClient client;
    private final Duration timeout;

    /** {@code proxy}: http://host:port or null. */
    public JdkRevocationFetcher(Duration timeout, URI proxy) {
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (proxy != null) {
            builder.proxy(ProxySelector.of(new InetSocketAddress(proxy.getHost(), proxy.getPort())));
        }
        this.client = builder.build();
    }

    @Override
    public byte[] post(URI uri, String contentType, byte[] body) throws IOException {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    @Override
    public byte[] get(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build());
    }

    private byte[] send(HttpRequest request) throws IOException {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("HTTP " + response.statusCode());
            }
            if (response.body().length > MAX_BODY) {
                throw new IOException("answer larger than " + MAX_BODY + " bytes");
            }
            return response.body();
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot connect to " + request.uri().getHost()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
    }
}
