package dk.certflow.cli;

import dk.certflow.cluster.Cluster;
import dk.certflow.inventory.ClusterLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import dk.certflow.config.ConfigLoader;
import dk.certflow.config.Settings;
import dk.certflow.inventory.CertificateInventory;
import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.inventory.Database;
import dk.certflow.inventory.DatabaseInUseException;
import dk.certflow.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import dk.certflow.inventory.H2FileUrl;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the certificates in the inventory, soonest deadline (certificate or authorization expiry) first.",
            "Reads the service's database, or asks the running service on its management port when it holds the embedded database."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  certflow status",
            "  certflow status --config /etc/certflow/certflow.properties --all",
            "  certflow status --json | jq '.[] | select(.daysLeft < 30) | .cvr'",
            "",
            "Rows are red from 7 days left or after expiry, yellow from 30 days, on a terminal (not with NO_COLOR).",
            "Exit codes: 0 shown (also when nothing is recorded yet), 2 configuration or database error."})
final class StatusCommand implements Callable<Integer> {

    private static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--config", paramLabel = "FILE", description = "certflow.properties to read (also: CERTFLOW_CONFIG).")
    Path configFile;

    @Option(names = "--json", description = "Print a JSON array, one object per certificate, instead of the table.")
    boolean json;

    @Option(names = "--all", description = "Include certificates superseded by a renewal (default: only those in use).")
    boolean all;

    @Option(names = "--no-color", description = "Never colour the table.")
    boolean noColor;

    @Spec
    CommandSpec spec;

    private final Clock clock;
    private final Map<String, String> environment;
    private final boolean console;

    StatusCommand() {
        this(Clock.systemUTC(), System.getenv(), System.console() != null);
    }

    StatusCommand(Clock clock, Map<String, String> environment, boolean console) {
        this.clock = clock;
        this.environment = environment;
        this.console = console;
    }

    @Override
    public Integer call() {
        Settings settings = Settings.from(ConfigLoader.fromProcess().load(configFile));
        Settings.Database db = settings.database();
        PrintWriter out = spec.commandLine().getOut();
        // H2 creates a missing database on connect: do not leave an empty one wherever the configuration points.
        Optional<Path> missing = H2FileUrl.dataFile(db.url()).filter(file -> !Files.exists(file));
        if (missing.isPresent()) {
            String message = "no certificates recorded yet (database " + missing.get() + " not found)";
            if (json) {
                out.println("[]");
                spec.commandLine().getErr().println(message);
            } else {
                out.println(message);
            }
            return 0;
        }
        StatusTable table;
        String nodes;
        try (Database database = Database.open(db.url(), db.user(),
                db.password().isSet() ? db.password().revealAsString() : null)) {
            CertificateInventory inventory = new CertificateInventory(database, clock);
            table = StatusTable.of(all ? inventory.all() : inventory.active(), clock.instant());
            ClusterLedger ledger = new ClusterLedger(database);
            Instant now = Instant.now(); // leases are physical time
            nodes = nodesLine(ledger.nodes(), ledger.leaseHolder(Cluster.TIMERS, now).orElse(null), now, settings.cluster().leaseTime());
        } catch (DatabaseInUseException e) {
            // the running service holds the embedded database and opens no database port: ask its management port
            table = StatusTable.ofApi(fromService(settings, e, "/api/certificates"), all, clock.instant());
            nodes = nodeOfService(settings, e);
        }
        out.print(json ? table.json() : table.text(colour()) + nodes + "\n");
        out.flush();
        return 0;
    }

    /** "nodes: a (runs the timers), b": the nodes on the database, those gone quiet with how long ago they were heard of. */
    static String nodesLine(List<ClusterLedger.Node> nodes, String timersNode, Instant now, Duration leaseTime) {
        if (nodes.isEmpty()) {
            return "nodes: none running";
        }
        return "nodes: " + nodes.stream().map(n -> {
            if (!n.aliveAt(now, leaseTime)) {
                return n.nodeId() + " (not heard of for " + Duration.between(n.seenAt(), now).toSeconds() + " s)";
            }
            return n.nodeId() + (n.nodeId().equals(timersNode) ? " (runs the timers)" : "");
        }).collect(Collectors.joining(", "));
    }

    /** The running service's node, from its health check: the embedded database has that one node. */
    private static String nodeOfService(Settings settings, DatabaseInUseException inUse) {
        JsonNode health;
        try {
            health = fromService(settings, inUse, "/observe/health?exposureLevel=full&data=true");
        } catch (CliException e) {
            return "nodes: (unknown: the service's health check does not answer)";
        }
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals("node")) {
                return "nodes: " + check.path("data").path("node").asText() + " (runs the timers)";
            }
        }
        return "nodes: (the service does not say)";
    }

    private static JsonNode fromService(Settings settings, DatabaseInUseException inUse, String path) {
        String host = settings.managementHost();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
            host = "127.0.0.1"; // listening everywhere includes loopback
        }
        URI api = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + settings.managementPort() + path);
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(SERVICE_TIMEOUT).build()
                    .send(apiRequest(api, settings), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new CliException(inUse.getMessage() + ", and " + api + " does not answer (" + e.getMessage()
                    + "); check certflow.management.host and certflow.management.port");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while asking " + api);
        }
    }

    /** With the management token when one is set (CONTRACTS §12): the API asks for it like the console does. */
    private static HttpRequest apiRequest(URI api, Settings settings) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api).timeout(SERVICE_TIMEOUT).GET();
        if (settings.managementToken().isSet()) {
            request.header("Authorization", "Bearer " + settings.managementToken().revealAsString());
        }
        return request.build();
    }

    /** Colour only on a terminal that shows it, and never when NO_COLOR is set (no-color.org). */
    boolean colour() {
        String noColorVariable = environment.get("NO_COLOR");
        return !noColor && console && !"dumb".equals(environment.get("TERM"))
                && (noColorVariable == null || noColorVariable.isEmpty());
    }
}
