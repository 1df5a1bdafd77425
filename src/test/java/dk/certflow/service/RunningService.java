package dk.certflow.service;

import dk.certflow.camel.CertflowConfiguration;
import dk.certflow.config.ConfigLoader;
import dk.certflow.inventory.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.main.Main;

/**
 * The real service in this JVM: camel-main with certflow's configuration class and the YAML routes from the classpath,
 * exactly as {@code certflow run} starts it, on a data folder and a free management port of the test's choosing, with
 * an H2 file database or, when certflow-test.db.url is set, a fresh PostgreSQL schema.
 */
public final class RunningService implements AutoCloseable {

    /**
     * One database per data folder, so a test that restarts the service on the same folder finds its records again
     * (a PostgreSQL schema outlives the service; the schemas are dropped when the test JVM ends).
     */
    private static final java.util.Map<Path, TestDatabases.TestDatabase> DATABASES = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> DATABASES.values().forEach(TestDatabases.TestDatabase::close)));
    }

    private final Main main;
    private final Path dataDir;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningService(Main main, Path dataDir, int port) {
        this.main = main;
        this.dataDir = dataDir;
        this.port = port;
    }

    public static RunningService start(Path dataDir, Map<String, String> settings, Clock clock) throws Exception {
        int port = freePort();
        Properties given = new Properties();
        given.putAll(settings);
        given.putIfAbsent("certflow.data-dir", dataDir.toString());
        TestDatabases.TestDatabase database = DATABASES.computeIfAbsent(dataDir.toAbsolutePath(), dir -> TestDatabases.create(dir.resolve("db")));
        database.settings().forEach(given::putIfAbsent);
        given.put("certflow.management.port", Integer.toString(port));
        given.put("certflow.management.host", "127.0.0.1");
        Map<String, String> configuration = new ConfigLoader(Map.of(), given, dataDir).load(null);
        Main main = CertflowService.newMain(configuration);
        if (clock != null) {
            main.bind(CertflowConfiguration.CLOCK_BEAN, clock);
        }
        main.start();
        return new RunningService(main, dataDir, port);
    }

    public static Map<String, String> settings(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    public Path data() {
        return dataDir;
    }

    public Path drop() {
        return dataDir.resolve("drop");
    }

    public int port() {
        return port;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs a route now, e.g. direct:expiry-watch after the test moved the clock. */
    public Object run(String endpoint) {
        try (var template = main.getCamelContext().createProducerTemplate()) {
            return template.requestBody(endpoint, (Object) null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Completes once the route has finished that many exchanges from now on. */
    public org.apache.camel.builder.NotifyBuilder whenCompleted(String routeId, int exchanges) {
        return new org.apache.camel.builder.NotifyBuilder(main.getCamelContext()).fromRoute(routeId).whenCompleted(exchanges).create();
    }

    public org.apache.camel.CamelContext camel() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return main.getCamelContext().getRegistry().lookupByNameAndType(name, type);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        main.stop();
    }
}
