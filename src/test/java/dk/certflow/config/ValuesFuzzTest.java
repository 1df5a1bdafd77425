package dk.certflow.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dk.certflow.oces.OcesEnvironment;
import dk.certflow.pem.PrivateKeyMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the configuration: each value parser of {@link Values} on one value, and a whole configuration file
 * through {@link ConfigLoader} and {@link Settings}. The only acceptable refusal is a {@link ConfigException};
 * anything else propagates and Jazzer reports it.
 */
class ValuesFuzzTest {

    private static final String KEY = "certflow.fuzz";

    /** The first byte picks the parser, the rest (UTF-8) is the value. */
    @FuzzTest(maxDuration = "")
    void parseValue(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String value = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        Values values = new Values(Map.of(KEY, value));
        try {
            switch ((input[0] & 0xff) % 11) {
                case 0 -> assertThat(values.duration(KEY).isNegative()).isFalse();
                case 1 -> assertThat(values.integer(KEY, 0, 65535)).isBetween(0, 65535);
                case 2 -> assertThat(values.longValue(KEY, 1024, 64L * 1024 * 1024)).isBetween(1024L, 64L * 1024 * 1024);
                case 3 -> assertThat(values.list(KEY)).allSatisfy(s -> assertThat(s).isNotBlank().doesNotContain(","));
                case 4 -> assertThat(values.ipv4List(KEY)).allSatisfy(ip -> assertThat(ip).endsWith("/32"));
                case 5 -> assertThat(values.thresholds(KEY)).allSatisfy(days -> assertThat(days).isNotNegative());
                case 6 -> {
                    var url = values.optionalHttpUrl(KEY);
                    if (url != null) {
                        assertThat(url.getHost()).isNotNull();
                    }
                }
                case 7 -> assertThat(values.choice(KEY, OcesEnvironment::parse)).isNotNull();
                case 8 -> assertThat(values.choice(KEY, PrivateKeyMode::parse)).isNotNull();
                case 9 -> assertThat(values.path(KEY).isAbsolute()).isTrue();
                default -> {
                    String required = values.required(KEY);
                    assertThat(required).isEqualTo(required.strip()).isNotEmpty();
                }
            }
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).startsWith(KEY);
        }
    }

    /**
     * The input is a configuration file over the built-in defaults. Keys naming a secret file are dropped: the
     * operator chooses which file certflow reads, so reading /dev/zero from there is not a parser bug.
     */
    @FuzzTest(maxDuration = "")
    void loadSettings(byte[] input) throws IOException {
        Path dir = Files.createTempDirectory("certflow-fuzz");
        Path file = dir.resolve("fuzz.properties");
        try {
            Files.write(file, withoutSecretFiles(input));
            Map<String, String> resolved = new ConfigLoader(Map.of(), new Properties(), dir).load(file);
            Settings settings = Settings.from(resolved);
            // what the service computes from settings at start must not fail either
            assertThat(settings.delivery().dispatchBudget()).isGreaterThan(Duration.ZERO);
            assertThat(settings.validation().limits()).isNotNull();
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).isNotEmpty();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static byte[] withoutSecretFiles(byte[] input) throws IOException {
        Properties props = new Properties();
        try {
            props.load(new java.io.StringReader(new String(input, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException malformedEscape) {
            return input; // the loader must refuse it too, so keep it as it is
        }
        boolean namesFile = props.stringPropertyNames().stream().anyMatch(k -> k.endsWith("-file"));
        return namesFile ? new byte[0] : input;
    }
}
