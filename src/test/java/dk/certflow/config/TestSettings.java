package dk.certflow.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Settings as the service builds them: the defaults, a data folder of the test's own, and the keys a test sets. */
public final class TestSettings {

    private TestSettings() {
    }

    /** @param keyValues key, value, key, value, … */
    public static Settings with(Path dataDir, String... keyValues) {
        Map<String, String> values = new LinkedHashMap<>(ConfigLoader.defaults());
        values.put("certflow.data-dir", dataDir.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return Settings.from(ConfigLoader.resolveReferences(values));
    }
}
