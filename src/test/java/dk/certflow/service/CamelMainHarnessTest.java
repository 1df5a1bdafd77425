package dk.certflow.service;

import static dk.certflow.service.TestBundles.drop;
import static dk.certflow.service.TestBundles.dropSidecar;
import static org.assertj.core.api.Assertions.assertThat;

import dk.certflow.camel.CertflowConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same application under Camel's own camel-main test harness (camel-test-main-junit5): the YAML routes from the
 * classpath, certflow's configuration class, properties overridden the way the harness does it.
 */
class CamelMainHarnessTest extends CamelMainTestSupport {

    @TempDir
    static Path temp;

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(CertflowConfiguration.class);
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        Properties overrides = new Properties();
        overrides.setProperty("certflow.data-dir", temp.resolve("data").toString());
        overrides.setProperty("certflow.oces.environment", "test");
        overrides.setProperty("certflow.drop.poll-interval", "200ms");
        try {
            overrides.setProperty("certflow.management.port", Integer.toString(RunningService.freePort()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        context.withUseOverridePropertiesWithPropertiesComponent(overrides);
    }

    @Test
    void theRealSampleGoesThroughTheYamlRoutes() throws Exception {
        NotifyBuilder accepted = new NotifyBuilder(context).fromRoute("intake").whenCompleted(1).wereSentTo("direct:accepted").create();
        Path drop = temp.resolve("data/drop");
        dropSidecar(drop, "harness.properties", "password=" + TestBundles.samplePassword());
        drop(drop, "harness.p12", TestBundles.sample());

        assertThat(accepted.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(context.getRoutes()).extracting(r -> r.getRouteId())
                .contains("intake", "rejected", "duplicate", "accepted", "workzone-upload", "datafordeler-record", "deliveries",
                        "outbox-retry", "expiry-watch", "notify-webhook", "notify-mail", "api-certificates");
        assertThat(temp.resolve("data/out/19435075/" + TestBundles.SAMPLE_FINGERPRINT + "/onboarding.json")).exists();
        try (var files = Files.list(drop)) {
            assertThat(files).isEmpty();
        }
    }
}
