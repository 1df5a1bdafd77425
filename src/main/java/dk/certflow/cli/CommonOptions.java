package dk.certflow.cli;

import dk.certflow.config.ConfigLoader;
import dk.certflow.config.Settings;
import dk.certflow.inspect.Inspector;
import dk.certflow.oces.OcesJudge;
import dk.certflow.oces.TrustStore;
import dk.certflow.pkcs12.CredentialReader;
import dk.certflow.revocation.JdkRevocationFetcher;
import dk.certflow.revocation.Revocation;
import dk.certflow.revocation.RevocationChecker;
import dk.certflow.revocation.RevocationMode;
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

    @Option(names = "--revocation", paramLabel = "MODE",
            description = "soft-fail, hard-fail or off (default: certflow.revocation.mode, soft-fail): what no OCSP/CRL answer means.")
    String revocation;

    @Option(names = "--config", paramLabel = "FILE", description = "certflow.properties file to read (limits, trust store).")
    Path configFile;

    /** What a command does with the PKCS#12 password; the password is cleared afterwards, whatever happens. */
    @FunctionalInterface
    interface WithPassword {
        int run(char[] password) throws Exception;
    }

    /** Checks the file is there, gets its password (file, CERTFLOW_PASSWORD or prompt) and runs the command with it. */
    int withPassword(Path file, WithPassword command) throws Exception {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new CliException(file + ": no such file");
        }
        char[] password = Passwords.resolve(passwordFile, System.getenv(), System.console(), file.getFileName().toString());
        try {
            return command.run(password);
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }

    Settings settings() {
        return Settings.from(ConfigLoader.fromProcess().load(configFile));
    }

    Inspector inspector(Settings settings) throws java.io.IOException {
        Path ca = caFile != null ? caFile : settings.validation().trustCaFile();
        TrustStore trust = ca == null ? TrustStore.bundled() : TrustStore.fromPemFile(ca);
        Settings.RevocationCheck check = settings.revocation();
        RevocationMode mode = revocation == null ? check.mode() : parseMode(revocation);
        Revocation checking = mode == RevocationMode.OFF ? Revocation.off() : new Revocation(mode, new RevocationChecker(
                new JdkRevocationFetcher(check.timeout(), settings.http().proxy()), check.ocspUrl(), Clock.systemUTC()));
        return new Inspector(new CredentialReader(settings.validation().limits()), new OcesJudge(trust, Clock.systemUTC()), checking);
    }

    private static RevocationMode parseMode(String value) {
        try {
            return RevocationMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CliException("--revocation: " + e.getMessage());
        }
    }
}
