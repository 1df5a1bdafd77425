package dk.certflow.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a one-shot command gets the PKCS#12 password: never from the command line (it would show in {@code ps}), but from
 * {@code --password-file}, the {@code CERTFLOW_PASSWORD} environment variable, or a prompt when a terminal is attached.
 */
final class Passwords {

    static final String ENVIRONMENT_VARIABLE = "CERTFLOW_PASSWORD";

    private Passwords() {
    }

    /** The password, or null when none was given and no terminal can ask. */
    static char[] resolve(Path passwordFile, Map<String, String> environment, Console console, String fileName) throws IOException {
        if (passwordFile != null) {
            return firstLine(Files.readString(passwordFile, StandardCharsets.UTF_8)).toCharArray();
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        if (console != null && fileName.matches("(?i).*\\.(p12|pfx)$")) {
            return console.readPassword("Password for %s: ", fileName);
        }
        return null;
    }

    /** A password file holds the password on its first line; the line break is not part of it. */
    static String firstLine(String content) {
        int end = content.indexOf('\n');
        String line = end < 0 ? content : content.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
