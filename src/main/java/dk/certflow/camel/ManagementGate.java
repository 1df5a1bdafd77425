package dk.certflow.camel;

import dk.certflow.console.AccessToken;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The management token at the door of the management port (CONTRACTS §12): one handler on the platform-http router,
 * ordered before every route, so the console, the API, the metrics and any route added later ask for the token, and
 * only the health check stays open (a load balancer or Docker HEALTHCHECK carries no token).
 */
final class ManagementGate extends ServiceSupport {

    /** CONTRACTS §8; camel-main serves it (camel.management.health-path). */
    static final String HEALTH_PATH = "/observe/health";
    private static final String CONSOLE_PATH = "/";

    private final CamelContext context;
    private final int port;
    private final AccessToken token;

    ManagementGate(CamelContext context, int port, AccessToken token) {
        this.context = context;
        this.port = port;
        this.token = token;
    }

    /**
     * Runs once the HTTP server is up and before any route starts, so no route is ever served without the gate. Without
     * a token the gate only keeps responses out of caches.
     */
    @Override
    protected void doStart() {
        Router router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null && token.required()) {
            throw new IllegalStateException("the management port's router is not there; refusing to serve it without the token");
        }
        if (router == null) {
            return; // no HTTP server (camel.server.enabled=false) and no token: nothing to guard
        }
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    void handle(RoutingContext request) {
        String path = request.normalizedPath();
        if (path.equals(HEALTH_PATH) || path.startsWith(HEALTH_PATH + "/")) {
            request.next();
            return;
        }
        // what the console and the API show stays out of caches (Camel's HTTP header filter drops it from routes)
        request.response().putHeader("Cache-Control", "no-store");
        if (!token.required() || token.acceptsAuthorization(request.request().getHeader("Authorization"))) {
            request.next();
            return;
        }
        Cookie cookie = request.request().getCookie(AccessToken.COOKIE);
        if (cookie != null && token.acceptsCookie(cookie.getValue())) {
            request.next();
            return;
        }
        String offered = request.request().getParam("token");
        if (path.equals(CONSOLE_PATH) && request.request().method() == HttpMethod.GET && token.accepts(offered)) {
            // keep it in a cookie and send the browser back without the query, so the token leaves the address bar
            request.response().addCookie(Cookie.cookie(AccessToken.COOKIE, token.cookieValue())
                    .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(request.request().isSSL()));
            request.response().setStatusCode(303).putHeader("Location", CONSOLE_PATH)
                    .putHeader("Referrer-Policy", "no-referrer").end();
            return;
        }
        request.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Bearer realm=\"certflow\"")
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("certflow: the management token is needed (Authorization: Bearer <token>, or open /?token=<token> once in a browser)\n");
    }
}
