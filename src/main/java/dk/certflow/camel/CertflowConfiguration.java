package dk.certflow.camel;

import dk.certflow.config.ConfigLoader;
import dk.certflow.config.Settings;
import dk.certflow.console.AccessToken;
import dk.certflow.intake.Bundle;
import dk.certflow.metrics.CertflowMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dk.certflow.service.CertflowServices;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The thin layer between camel-main and certflow: reads the settings through Camel's properties (so every override
 * camel-main knows applies), builds {@link CertflowServices} and binds what the YAML routes call by name.
 */
public final class CertflowConfiguration implements CamelConfiguration {

    /** Tests bind a movable clock under this name; the service uses the system clock. */
    public static final String CLOCK_BEAN = "certflowClock";
    /** The name under which camel-micrometer-prometheus looks for (or creates) its registry. */
    private static final String METRICS_REGISTRY = "metricsRegistry";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.from(resolvedSettings(context.getPropertiesComponent()));
        Clock clock = context.getRegistry().lookupByNameAndType(CLOCK_BEAN, Clock.class);
        CamelDeliveryQueue queue = new CamelDeliveryQueue(context);
        Clock time = clock == null ? Clock.systemUTC() : clock;
        CertflowServices services = CertflowServices.start(settings, queue,
                new CamelMailer(context, settings.notifications().mail(), settings.delivery()), new CamelTokenEndpoint(context),
                new CamelRevocationFetcher(context, settings.revocation().timeout()), time);
        HttpTransport.configure(context, settings);
        context.addService(new ManagementGate(context, settings.managementPort(), AccessToken.of(settings.managementToken())), true, true);
        context.addService(onStop(services::close), true, true);

        // folders as absolute paths, durations in milliseconds: what the routes need
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.addOverrideProperty("certflow.drop.dir", settings.folders().drop().toString());
        if (settings.workzone().uploadEnabled()) {
            // the route adds the upload path (CamelHttpPath), which starts with a slash
            properties.addOverrideProperty("certflow.workzone.base-url", settings.workzone().baseUrl().toString().replaceAll("/+$", ""));
        }
        properties.addOverrideProperty("certflow.internal.poll-millis", Long.toString(settings.folders().pollInterval().toMillis()));
        properties.addOverrideProperty("certflow.internal.outbox-retry-millis", Long.toString(settings.expiry().outboxRetryInterval().toMillis()));
        properties.addOverrideProperty("certflow.internal.delivery-backoff-millis", Long.toString(settings.delivery().backoff().toMillis()));
        properties.addOverrideProperty("certflow.internal.delivery-redeliveries", Integer.toString(settings.delivery().attempts() - 1));
        properties.addOverrideProperty("certflow.internal.heartbeat-millis", Long.toString(settings.cluster().heartbeat().toMillis()));
        // one node alone needs no claims per file; nodes sharing the drop folder claim each file in the database
        properties.addOverrideProperty("certflow.internal.read-lock", services.cluster.isShared() ? "idempotent" : "none");

        var registry = context.getRegistry();
        registry.bind("dropFilter", new DropFilter(services.dropFolder));
        registry.bind("cluster", services.cluster);
        registry.bind("intakeClaims", new IntakeClaims(services.cluster, settings.folders().drop()));
        registry.bind("bundles", services.bundles);
        registry.bind("deliveries", services.deliveries);
        WorkZoneBearer bearer = new WorkZoneBearer(services.workzoneTokens);
        registry.bind("workzoneBearer", bearer);
        registry.bind("httpDeliveries", new HttpDeliveries(services.deliveries, settings, bearer));
        registry.bind("inventoryApi", new InventoryApi(services.inventory, services.revocations, services.clock));
        registry.bind("console", new ConsoleApi(context, services.inventory, services.revocations, services.outbox, services.cluster, settings, services.clock));
        registry.bind("expiryWatch", services.expiryWatch);
        registry.bind("revocationWatch", services.revocationWatch);
        registry.bind("outboxHealth", new OutboxHealthCheck(services.outbox, settings.expiry().outboxMaxAge(), time));

        // metrics: Camel's Prometheus support picks up this registry and serves it on /observe/metrics
        MeterRegistry meters = registry.lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(METRICS_REGISTRY, meters);
        }
        CertflowMetrics metrics = new CertflowMetrics(meters, services.inventory, services.revocations, services.outbox);
        services.bundles.onOutcome(outcome -> {
            metrics.bundle(outcome.name());
            if (outcome == Bundle.Outcome.ACCEPTED) {
                metrics.refreshSoon(); // only an accepted bundle adds a deadline or supersedes one
            }
        });
        services.deliveries.onAttempt(metrics::delivery);
        metrics.refresh();
        registry.bind("metrics", metrics);
        context.addService(onStop(metrics::close), true, true);
        registry.bind("dropFolderHealth", new DropFolderHealthCheck(settings.folders().drop()));
        registry.bind("databaseHealth", new DatabaseHealthCheck(services.database));
        registry.bind("nodeHealth", new ClusterHealthCheck(services.cluster));
    }

    /** A service that only does {@code action} when Camel stops: how plain Java parts learn that the service stops. */
    private static ServiceSupport onStop(Runnable action) {
        return new ServiceSupport() {
            @Override
            protected void doStop() {
                action.run();
            }
        };
    }

    /** Every certflow key, looked up through Camel (override, test, environment and system properties all apply). */
    static Map<String, String> resolvedSettings(PropertiesComponent properties) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : ConfigLoader.defaults().entrySet()) {
            String key = entry.getKey();
            raw.put(key, key.startsWith("certflow.") ? properties.resolveProperty(key).orElse(entry.getValue()) : entry.getValue());
        }
        return ConfigLoader.resolveReferences(raw);
    }
}
