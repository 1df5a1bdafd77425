package dk.certflow.camel;

import dk.certflow.cli.Version;
import dk.certflow.cluster.Cluster;
import dk.certflow.config.Settings;
import dk.certflow.console.ConsoleModel;
import dk.certflow.console.ConsolePage;
import dk.certflow.console.ConsoleView;
import dk.certflow.intake.Refusals;
import dk.certflow.inventory.CertificateInventory;
import dk.certflow.inventory.Outbox;
import dk.certflow.inventory.RevocationLog;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/** GET /: the operator's console (CONTRACTS §12), built from the inventory, the outbox, rejected/ and the health checks. */
public final class ConsoleApi {

    /** How many deliveries and refusals the page lists at most; the newest are shown. */
    static final int DELIVERIES_SHOWN = 50;
    static final int REFUSALS_SHOWN = 10;

    private final CamelContext context;
    private final CertificateInventory inventory;
    private final RevocationLog revocations;
    private final Outbox outbox;
    private final Cluster cluster;
    private final Refusals refusals;
    private final Settings settings;
    private final Clock clock;

    public ConsoleApi(CamelContext context, CertificateInventory inventory, RevocationLog revocations, Outbox outbox,
                      Cluster cluster, Settings settings, Clock clock) {
        this.context = context;
        this.inventory = inventory;
        this.revocations = revocations;
        this.outbox = outbox;
        this.cluster = cluster;
        this.refusals = new Refusals(settings.folders().rejected());
        this.settings = settings;
        this.clock = clock;
    }

    public String page() throws IOException {
        ConsoleView view = ConsoleModel.view(clock.instant(), inventory.all(), revocations.all(),
                outbox.unfinished(DELIVERIES_SHOWN), refusals.latest(REFUSALS_SHOWN), checks(),
                settings.expiry().thresholds(), settings.validation().warnDaysLeft(),
                new ConsoleView.About(Version.describe(), node(), settings.folders().data().toAbsolutePath().normalize().toString()));
        return ConsolePage.render(view);
    }

    /**
     * The checks /observe/health answers with: certflow's own and Camel's context by name, the many route and consumer
     * checks as one line that names any that is down.
     */
    private List<ConsoleView.Check> checks() {
        List<ConsoleView.Check> checks = new ArrayList<>();
        List<String> routesDown = new ArrayList<>();
        int routes = 0;
        for (HealthCheck.Result result : HealthCheckHelper.invoke(context, "full")) {
            String name = result.getCheck().getId();
            boolean up = result.getState() == HealthCheck.State.UP;
            if (name.startsWith("route:") || name.startsWith("consumer:")) {
                routes++;
                if (!up) {
                    routesDown.add(name);
                }
            } else {
                checks.add(new ConsoleView.Check(name, up, result.getMessage().orElse(null)));
            }
        }
        checks.sort(Comparator.comparing(ConsoleView.Check::name));
        if (routes > 0) {
            checks.add(new ConsoleView.Check("routes", routesDown.isEmpty(),
                    routesDown.isEmpty() ? routes + " routes and consumers" : "down: " + String.join(", ", routesDown)));
        }
        return checks;
    }

    /** This node, and which node runs the timers when that is another one (two or more nodes on PostgreSQL). */
    private String node() {
        String timers = cluster.timersNode().orElse(null);
        if (!cluster.isShared() || cluster.nodeId().equals(timers)) {
            return cluster.nodeId() + " (runs the timers)";
        }
        return cluster.nodeId() + " (timers on " + (timers == null ? "none, being taken over" : timers) + ")";
    }
}
