package dk.certflow.camel;

import dk.certflow.delivery.OAuthTokenSource;
import java.io.IOException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/** The OAuth token request goes through the workzone-token route (routes/workzone.camel.yaml). */
final class CamelTokenEndpoint implements OAuthTokenSource.TokenEndpoint {

    static final String ROUTE = "direct:workzone-token";
    private final LazyTemplate template;

    CamelTokenEndpoint(CamelContext context) {
        this.template = new LazyTemplate(context);
    }

    @Override
    public OAuthTokenSource.Answer post(byte[] form) throws IOException {
        Exchange result = template.get().send(ROUTE, exchange -> exchange.getMessage().setBody(form));
        Exception failure = result.getException();
        if (failure != null) {
            throw failure instanceof IOException io ? io : new IOException(failure.getClass().getSimpleName(), failure);
        }
        Integer status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        byte[] body = result.getMessage().getBody(byte[].class);
        if (status == null) {
            throw new IOException("the token route returned no HTTP status");
        }
        return new OAuthTokenSource.Answer(status, body == null ? new byte[0] : body);
    }

}
