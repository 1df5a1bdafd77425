package dk.certflow.service;

import dk.certflow.camel.CertflowConfiguration;
import dk.certflow.config.Settings;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts camel-main with certflow's configuration and YAML routes, and runs until SIGTERM or Ctrl-C. */
public final class CertflowService {

    private static final Logger LOG = LoggerFactory.getLogger(CertflowService.class);

    private CertflowService() {
    }

    /** @param configuration every key, resolved (see ConfigLoader); validated here before anything starts */
    public static void run(Map<String, String> configuration) throws Exception {
        Settings settings = Settings.from(configuration);
        Preflight.check(settings);
        Main main = new Main(CertflowService.class, CertflowConfiguration.class);
        Properties overrides = new Properties();
        overrides.putAll(configuration);
        main.setOverrideProperties(overrides);
        LOG.info("certflow starting: drop folder {}, data {}, management port {}, WorkZone upload {}",
                settings.folders().drop(), settings.folders().data(), settings.managementPort(),
                settings.workzone().uploadEnabled() ? settings.workzone().baseUrl() : "disabled (PFX staged in the out folder)");
        main.run();
    }
}
