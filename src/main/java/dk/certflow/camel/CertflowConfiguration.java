package dk.certflow.camel;

import dk.certflow.config.ConfigLoader;
import dk.certflow.config.Settings;
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

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.from(resolvedSettings(context.getPropertiesComponent()));
        Clock clock = context.getRegistry().lookupByNameAndType(CLOCK_BEAN, Clock.class);
        CamelDeliveryQueue queue = new CamelDeliveryQueue(context);
        CertflowServices services = CertflowServices.start(settings, queue, clock == null ? Clock.systemUTC() : clock);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                services.close();
            }
        }, true, true);

        // folders as absolute paths, durations in milliseconds: what the routes need
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.addOverrideProperty("certflow.drop.dir", settings.folders().drop().toString());
        properties.addOverrideProperty("certflow.internal.poll-millis", Long.toString(settings.folders().pollInterval().toMillis()));
        properties.addOverrideProperty("certflow.internal.outbox-retry-millis", Long.toString(settings.expiry().outboxRetryInterval().toMillis()));
        properties.addOverrideProperty("certflow.internal.delivery-backoff-millis", Long.toString(settings.delivery().backoff().toMillis()));
        properties.addOverrideProperty("certflow.internal.delivery-redeliveries", Integer.toString(settings.delivery().attempts() - 1));

        var registry = context.getRegistry();
        registry.bind("certflowServices", services);
        registry.bind("dropFilter", new DropFilter(services.dropFolder));
        registry.bind("bundles", services.bundles);
        registry.bind("deliveries", services.deliveries);
        registry.bind("inventoryApi", new InventoryApi(services.inventory, services.clock));
        registry.bind("dropFolderHealth", new DropFolderHealthCheck(settings.folders().drop()));
        registry.bind("databaseHealth", new DatabaseHealthCheck(services.database));
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
