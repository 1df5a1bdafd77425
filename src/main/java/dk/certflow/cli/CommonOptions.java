package dk.certflow.cli;

import dk.certflow.config.ConfigLoader;
import dk.certflow.config.Settings;
import dk.certflow.inspect.Inspector;
import dk.certflow.oces.OcesJudge;
import dk.certflow.oces.TrustStore;
import dk.certflow.pkcs12.CredentialReader;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** Options shared by inspect and convert: the configuration, the password file and the trust store. */
final class CommonOptions {

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the PKCS#12 password. Otherwise CERTFLOW_PASSWORD, or a prompt on a terminal.")
    Path passwordFile;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "PEM bundle of trusted CA certificates; replaces the bundled OCES3 production and test CAs.")
    Path caFile;

    @Option(names = "--config", paramLabel = "FILE", description = "certflow.properties file to read (limits, trust store).")
    Path configFile;

    Settings settings() {
        return Settings.from(ConfigLoader.fromProcess().load(configFile));
    }

    Inspector inspector(Settings settings) throws java.io.IOException {
        Path ca = caFile != null ? caFile : settings.validation().trustCaFile();
        TrustStore trust = ca == null ? TrustStore.bundled() : TrustStore.fromPemFile(ca);
        return new Inspector(new CredentialReader(settings.validation().limits()), new OcesJudge(trust, Clock.systemUTC()));
    }
}
