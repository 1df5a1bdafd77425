package dk.certflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A misspelt setting stops the start from every source, naming the closest known key; it never falls back silently. */
class ConfigLoaderTest {

    @TempDir
    Path temp;

    @Test
    void aMisspeltEnvironmentVariableIsRefusedWithTheClosestKey() {
        ConfigLoader loader = new ConfigLoader(Map.of("CERTFLOW_DROP_SIDECAR_WIAT", "5s"), new Properties(), temp);

        assertThatThrownBy(() -> loader.load(null)).isInstanceOf(ConfigException.class)
                .hasMessage("CERTFLOW_DROP_SIDECAR_WIAT (environment variable): unknown configuration key; "
                        + "did you mean CERTFLOW_DROP_SIDECAR_WAIT (certflow.drop.sidecar-wait)?");
    }

    @Test
    void anEnvironmentVariableFarFromEveryKeyPointsToTheReference() {
        ConfigLoader loader = new ConfigLoader(Map.of("CERTFLOW_SOMETHING_ELSE_ENTIRELY", "x"), new Properties(), temp);

        assertThatThrownBy(() -> loader.load(null)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("CERTFLOW_SOMETHING_ELSE_ENTIRELY (environment variable): unknown configuration key")
                .hasMessageContaining("README.md");
    }

    @Test
    void knownVariablesApplyAndCertflowsOwnNonKeyVariablesAndOtherProgramsVariablesAreLeftAlone() {
        Map<String, String> environment = Map.of("CERTFLOW_DROP_SIDECAR_WAIT", "5s", "CERTFLOW_PASSWORD", "x",
                "CERTFLOW_CAMEL_LOG_LEVEL", "INFO", "CERTFLOW_JAVA_OPTIONS", "-Xmx512m", "HOME", "/root", "CERTFLOWX", "y");

        Map<String, String> values = new ConfigLoader(environment, new Properties(), temp).load(null);

        assertThat(values).containsEntry("certflow.drop.sidecar-wait", "5s");
    }

    @Test
    void aMisspeltSystemPropertyIsRefused() {
        Properties system = new Properties();
        system.setProperty("certflow.managment.port", "9000");
        system.setProperty("java.version", "17"); // not certflow's: ignored

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), system, temp).load(null)).isInstanceOf(ConfigException.class)
                .hasMessage("certflow.managment.port (-D system property): unknown configuration key; did you mean certflow.management.port?");
    }

    @Test
    void aMisspeltKeyInAFileNamesTheFileAndTheClosestKey() throws Exception {
        Path file = Files.write(temp.resolve("certflow.properties"), List.of("certflow.pkcs12.pasword-file=/etc/pw"));

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), new Properties(), temp).load(null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("certflow.pkcs12.pasword-file (in " + file + "): unknown configuration key; did you mean certflow.pkcs12.password-file?");
    }

    @Test
    void closestNameToleratesAFewTyposOnly() {
        assertThat(ClosestName.among("pasword", List.of("password", "profile", "cvr"))).contains("password");
        assertThat(ClosestName.among("PROFILE", List.of("password", "profile"))).contains("profile");
        assertThat(ClosestName.among("api-secret", List.of("password", "profile", "cvr", "ip", "system", "environment"))).isEmpty();
    }

    /** Found by fuzzing: Properties.load throws IllegalArgumentException for it, which escaped the loader. */
    @Test
    void aMalformedUnicodeEscapeIsAConfigurationError() throws Exception {
        Path file = Files.writeString(temp.resolve("certflow.conf"), "certflow.workzone.profile=CVR\\u00\n");

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), new Properties(), temp).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not in properties format");
    }
}
