package dk.certflow.deb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A systemd unit file's settings, each key with its values in order (comments and section headers left out). */
final class SystemdUnit {

    private SystemdUnit() {
    }

    static Map<String, List<String>> read(Path unit) throws IOException {
        Map<String, List<String>> settings = new TreeMap<>();
        for (String line : Files.readAllLines(unit)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";") || trimmed.startsWith("[")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            settings.computeIfAbsent(trimmed.substring(0, eq).strip(), k -> new ArrayList<>()).add(trimmed.substring(eq + 1).strip());
        }
        return settings;
    }
}
