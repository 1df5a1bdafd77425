package dk.certflow.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real HTTP server on loopback that records every request and answers from a script. Unscripted requests get
 * a 500 that names the problem, so an unexpected extra call shows up as a failed assertion.
 */
public final class TestHttpServer implements AutoCloseable {

    public record Recorded(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

        /** The single value of a header (any case), or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            if (values == null) {
                return null;
            }
            if (values.size() != 1) {
                throw new AssertionError("header " + name + " sent " + values.size() + " times");
            }
            return values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How to answer one request. */
    public static final class Reply {
        private final int status;
        private final byte[] body;
        private final Map<String, String> headers = new TreeMap<>();
        private final boolean echo;
        private CountDownLatch gate;
        private boolean stallBody;

        private Reply(int status, byte[] body, boolean echo) {
            this.status = status;
            this.body = body;
            this.echo = echo;
        }

        public static Reply status(int status) {
            return text(status, "");
        }

        public static Reply text(int status, String body) {
            return new Reply(status, body.getBytes(StandardCharsets.UTF_8), false);
        }

        public static Reply json(int status, String json) {
            return text(status, json).header("Content-Type", "application/json");
        }

        /** Answers with the request's own body, like a careless server quoting what it got. */
        public static Reply echo(int status) {
            return new Reply(status, new byte[0], true);
        }

        /** Never answers (until the server closes). */
        public static Reply hang() {
            Reply reply = status(200);
            reply.gate = new CountDownLatch(1);
            return reply;
        }

        public Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Holds the answer until {@code gate} opens. */
        public Reply after(CountDownLatch gate) {
            this.gate = gate;
            return this;
        }

        /** Sends the status line and headers, promises a body, then never sends it. */
        public Reply stallingBody() {
            this.stallBody = true;
            this.gate = new CountDownLatch(1);
            return this;
        }
    }

    private final HttpServer server;
    private final String scheme;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Reply> script = new LinkedBlockingQueue<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<CountDownLatch> gates = new CopyOnWriteArrayList<>();
    private volatile Reply otherwise;

    private TestHttpServer() throws IOException {
        this(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
    }

    private TestHttpServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static TestHttpServer start() throws IOException {
        return new TestHttpServer();
    }

    /** The same over HTTPS with {@code tls}; with {@code needClientAuth} a client certificate its CA trusts is required. */
    public static TestHttpServer startHttps(SSLContext tls, boolean needClientAuth) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(parameters);
            }
        });
        return new TestHttpServer(https, "https");
    }

    public URI uri(String path) {
        return uri("127.0.0.1", path);
    }

    /** The URI by another name for the same loopback address, e.g. localhost. */
    public URI uri(String host, String path) {
        return URI.create(scheme + "://" + host + ":" + server.getAddress().getPort() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public TestHttpServer enqueue(Reply... replies) {
        for (Reply reply : replies) {
            if (reply.gate != null) {
                gates.add(reply.gate);
            }
            script.add(reply);
        }
        return this;
    }

    /** The answer once the script is used up (instead of a 500). */
    public TestHttpServer otherwise(Reply reply) {
        this.otherwise = reply;
        return this;
    }

    /** Requests to one path. */
    public List<Recorded> requests(String path) {
        return requests.stream().filter(r -> r.rawPath().equals(path)).toList();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public Recorded onlyRequest() {
        List<Recorded> all = requests();
        if (all.size() != 1) {
            throw new AssertionError("expected one request, got " + all.size());
        }
        return all.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            requests.add(new Recorded(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    headers, body));

            Reply reply = script.poll();
            if (reply == null) {
                reply = otherwise != null ? otherwise : Reply.text(500, "no scripted reply for request " + requests.size());
            }
            reply.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (reply.stallBody) {
                exchange.sendResponseHeaders(reply.status, 1000);
                exchange.getResponseBody().flush();
                awaitQuietly(reply.gate);
                return;
            }
            awaitQuietly(reply.gate);
            // a 204 or 304 carries no body by definition
            byte[] answer = reply.status == 204 || reply.status == 304 ? new byte[0] : reply.echo ? body : reply.body;
            exchange.sendResponseHeaders(reply.status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    private static void awaitQuietly(CountDownLatch gate) {
        if (gate == null) {
            return;
        }
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        new ArrayList<>(gates).forEach(CountDownLatch::countDown);
        server.stop(0);
        executor.shutdownNow();
    }
}
