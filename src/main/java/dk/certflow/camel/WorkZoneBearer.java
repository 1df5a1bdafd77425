package dk.certflow.camel;

import dk.certflow.delivery.OAuthTokenSource;
import dk.certflow.delivery.TokenException;
import java.io.IOException;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * {@code Authorization: Bearer <token>} on every WorkZone call (the route names this configurer on its endpoint), and
 * one more try with a fresh token when WorkZone answers 401: a token can be revoked before its time. The tokens come
 * from {@link OAuthTokenSource}, which fetches them through the workzone-token route. Without OAuth it adds nothing.
 */
final class WorkZoneBearer implements HttpClientConfigurer {

    /** No token could be had; carries why (a busy token endpoint, or refused credentials). */
    static final class TokenUnavailable extends IOException {
        private final transient TokenException reason;

        TokenUnavailable(TokenException reason) {
            super(reason.getMessage(), null);
            this.reason = reason;
        }

        TokenException reason() {
            return reason;
        }
    }

    private final OAuthTokenSource tokens;

    WorkZoneBearer(OAuthTokenSource tokens) {
        this.tokens = tokens;
    }

    boolean enabled() {
        return tokens != null;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        if (tokens != null) {
            builder.addExecInterceptorFirst("certflow-bearer", this::execute);
        }
    }

    private ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        String token = token();
        request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        ClassicHttpResponse response = chain.proceed(request, scope);
        HttpEntity body = request.getEntity();
        if (response.getCode() != HttpStatus.SC_UNAUTHORIZED || (body != null && !body.isRepeatable())) {
            return response;
        }
        EntityUtils.consume(response.getEntity());
        response.close();
        tokens.invalidate(token);
        // a fresh copy, as HttpClient's own retries do: the first pass added framing headers to this one
        ClassicHttpRequest again = ClassicRequestBuilder.copy(scope.originalRequest).build();
        again.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token());
        return chain.proceed(again, scope);
    }

    private String token() throws TokenUnavailable {
        try {
            return tokens.token();
        } catch (TokenException e) {
            throw new TokenUnavailable(e);
        }
    }
}
