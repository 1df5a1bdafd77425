package dk.certflow.camel;

import dk.certflow.revocation.RevocationFetcher;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * OCSP and CRL requests of the service go through the revocation-fetch route (routes/revocation.camel.yaml), so the
 * proxy and trust settings of certflow.http.* apply as to every other outgoing call.
 */
final class CamelRevocationFetcher implements RevocationFetcher {

    static final String ROUTE = "direct:revocation-fetch";
    static final String URL_PROPERTY = "certflowRevocationUrl";

    private final Duration timeout;
    private final LazyTemplate template;

    CamelRevocationFetcher(CamelContext context, Duration timeout) {
        this.template = new LazyTemplate(context);
        this.timeout = timeout;
    }

    @Override
    public byte[] post(URI uri, String contentType, byte[] body) throws IOException {
        return send(uri, "POST", contentType, body);
    }

    @Override
    public byte[] get(URI uri) throws IOException {
        return send(uri, "GET", null, null);
    }

    private byte[] send(URI uri, String method, String contentType, byte[] body) throws IOException {
        CompletableFuture<Exchange> answer = template.get().asyncSend(ROUTE, exchange -> {
            exchange.setProperty(URL_PROPERTY, uri.toString());
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            if (contentType != null) {
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
            }
            exchange.getMessage().setBody(body);
        });
        Exchange result;
        try {
            // the http component's timeouts are those of the deliveries (certflow.http.*); a judgement waits only this long
            result = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause() == null ? "failed" : e.getCause().getMessage(), e.getCause());
        }
        Exception failure = result.getException();
        if (failure != null) {
            throw failure instanceof IOException io ? io : new IOException(failure.getMessage() == null
                    ? failure.getClass().getSimpleName() : failure.getMessage(), failure);
        }
        Integer status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null || status / 100 != 2) {
            throw new IOException("HTTP " + status);
        }
        byte[] bytes = result.getMessage().getBody(byte[].class);
        return bytes == null ? new byte[0] : bytes;
    }

}
