package dk.certflow.intake;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The optional {@code NAME.properties} beside a dropped certificate, read as UTF-8: password, profile, cvr, ip, system,
 * environment. Missing keys fall back to configuration. The kept copy has its password removed.
 */
public final class Sidecar {

    public static final Set<String> KEYS = Set.of("password", "profile", "cvr", "ip", "system", "environment");
    private static final Sidecar EMPTY = new Sidecar(new Properties());

    private final Properties values;
    private final boolean hadPassword;
    private char[] password;

    private Sidecar(Properties values) {
        this.values = values;
        String pw = values.getProperty("password");
        this.password = pw == null ? null : pw.toCharArray();
        this.hadPassword = pw != null;
        values.remove("password");
    }

    public static Sidecar empty() {
        return EMPTY;
    }

    /** @throws IOException when the bytes are not UTF-8 text in properties format */
    public static Sidecar parse(byte[] content) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("the sidecar is not UTF-8 text");
        }
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IllegalArgumentException e) { // a backslash-u escape without four hex digits
            throw new IOException("the sidecar is not in properties format: " + e.getMessage());
        }
        return new Sidecar(props);
    }

    /** The password, or null when the sidecar gives none. The caller must not keep it beyond the bundle. */
    public char[] password() {
        return password;
    }

    public String profile() {
        return value("profile");
    }

    public String cvr() {
        return value("cvr");
    }

    public String system() {
        return value("system");
    }

    public String environment() {
        return value("environment");
    }

    public List<String> ips() {
        String ip = value("ip");
        return ip == null ? List.of() : Arrays.stream(ip.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Keys the sidecar holds that certflow does not know (probably typos). */
    public Set<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>(values.stringPropertyNames());
        unknown.removeAll(KEYS);
        return unknown;
    }

    /** The sidecar as it is kept in archive/ or rejected/: every key but the password. */
    public String redacted() {
        StringWriter out = new StringWriter();
        out.write("# kept by certflow; the password was removed\n");
        if (hadPassword) {
            out.write("# password=(removed)\n");
        }
        for (String key : new TreeSet<>(values.stringPropertyNames())) {
            Properties one = new Properties();
            one.setProperty(key, values.getProperty(key));
            StringWriter line = new StringWriter();
            try {
                one.store(line, null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            line.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> out.write(l + "\n"));
        }
        return out.toString();
    }

    /** Clears the password from memory once the bundle is done. */
    public void clear() {
        if (password != null) {
            Arrays.fill(password, '\0');
            password = null;
        }
    }

    private String value(String key) {
        String v = values.getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
