package dk.certflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The configuration reference in README.md and the defaults in the jar name the same keys with the same defaults. */
class ConfigReferenceTest {

    record Row(String key, String defaultValue, String environment, String meaning) {
    }

    @Test
    void everyKeyIsDocumentedAndEveryDocumentedKeyExists() throws Exception {
        Map<String, Row> documented = readmeRows();
        Map<String, String> defaults = new TreeMap<>();
        ConfigLoader.defaults().forEach((key, value) -> {
            if (key.startsWith("certflow.")) {
                defaults.put(key, value);
            }
        });
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(defaults.keySet());
        for (Row row : documented.values()) {
            assertThat(row.environment()).as(row.key()).isEqualTo(ConfigLoader.environmentName(row.key()));
            assertThat(row.meaning()).as(row.key()).isNotBlank();
            String value = defaults.get(row.key());
            if (value.isEmpty()) {
                assertThat(row.defaultValue()).as(row.key()).startsWith("(");
            } else {
                assertThat(row.defaultValue()).as(row.key()).isEqualTo("`" + value + "`");
            }
        }
    }

    @Test
    void theDefaultsAreAValidConfiguration() {
        Settings settings = Settings.from(new ConfigLoader(Map.of(), new java.util.Properties(), Path.of("/nonexistent")).load(null));
        assertThat(settings.folders().drop()).isEqualTo(Path.of("data/drop").toAbsolutePath());
        assertThat(settings.workzone().uploadEnabled()).isFalse();
        assertThat(settings.managementPort()).isEqualTo(9876);
    }

    private static Map<String, Row> readmeRows() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("config-reference")) {
                start = i + 3; // marker, header, separator
                break;
            }
        }
        assertThat(start).as("README.md has the config-reference table").isPositive();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|", -1);
            Row row = new Row(cells[1].strip(), cells[2].strip(), cells[3].strip(), cells[4].strip());
            assertThat(rows.put(row.key(), row)).as("documented twice: " + row.key()).isNull();
        }
        return rows;
    }
}
