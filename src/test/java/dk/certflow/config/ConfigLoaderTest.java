package dk.certflow.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    /** Found by fuzzing: Properties.load throws IllegalArgumentException for it, which escaped the loader. */
    @Test
    void aMalformedUnicodeEscapeIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("certflow.conf"), "certflow.workzone.profile=CVR\\u00\n");

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), new Properties(), dir).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not in properties format");
    }
}
