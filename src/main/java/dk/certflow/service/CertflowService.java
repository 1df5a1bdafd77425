package dk.certflow.service;

import dk.certflow.camel.CertflowConfiguration;
import dk.certflow.config.Settings;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts camel-main with certflow's configuration and YAML routes: until SIGTERM or Ctrl-C, or until stopped. */
public final class CertflowService {

    private static final Logger LOG = LoggerFactory.getLogger(CertflowService.class);

    private CertflowService() {
    }

    /** The service started by {@link #start}. */
    public static final class Handle implements AutoCloseable {

        private final Main main;

        private Handle(Main main) {
            this.main = main;
        }

        /** Stops the routes (work in flight is finished first) and closes the database. */
        public void stop() {
            main.stop();
        }

        @Override
        public void close() {
            stop();
        }
    }

    /**
     * Runs the service until the JVM is told to stop.
     *
     * @param configuration every key, resolved (see ConfigLoader); validated here before anything starts
     */
    public static void run(Map<String, String> configuration) throws Exception {
        prepare(configuration).run();
    }

    /**
     * Starts the service and returns once its routes run; the caller stops it. The configuration is all there is:
     * unlike {@link #run}, environment variables and JVM system properties do not override it, so a caller can run a
     * service of its own (the demo) beside an operator's CERTFLOW_* settings without inheriting them.
     */
    public static Handle start(Map<String, String> configuration) throws Exception {
        Main main = prepare(configuration);
        Properties isolated = new Properties();
        isolated.putAll(main.getOverrideProperties());
        isolated.setProperty("camel.component.properties.environment-variable-mode",
                Integer.toString(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER));
        isolated.setProperty("camel.component.properties.system-properties-mode",
                Integer.toString(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER));
        main.setOverrideProperties(isolated);
        main.start();
        return new Handle(main);
    }

    private static Main prepare(Map<String, String> configuration) {
        Settings settings = Settings.from(configuration);
        Preflight.check(settings);
        LOG.info("certflow starting: drop folder {}, data {}, management port {}, WorkZone upload {}",
                settings.folders().drop(), settings.folders().data(), settings.managementPort(),
                settings.workzone().uploadEnabled() ? settings.workzone().baseUrl() : "disabled (PFX staged in the out folder)");
        Main main = newMain(configuration);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                IdleMemory.trimAfterStart();
            }
        });
        return main;
    }

    /** camel-main with certflow's configuration class; the routes come from camel.main.routes-include-pattern. */
    static Main newMain(Map<String, String> configuration) {
        Main main = new Main(CertflowService.class, CertflowConfiguration.class);
        // nothing in certflow is found by scanning its package for annotated beans; the scan of the whole jar took
        // a sixth of the start
        main.configure().setBasePackageScanEnabled(false);
        Properties overrides = new Properties();
        overrides.putAll(configuration);
        main.setOverrideProperties(overrides);
        return main;
    }
}
