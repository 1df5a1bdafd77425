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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dk.certflow.config.ClosestName;

/**
 * The optional {@code NAME.properties} beside a dropped certificate, read as UTF-8: password, profile, cvr, ip, system,
 * environment. Missing keys fall back to configuration. The kept copy has every value but the known non-secret ones removed.
 */
public final class Sidecar {

    public static final Set<String> KEYS = Set.of("password", "profile", "cvr", "ip", "system", "environment");
    /** The keys whose values are no secret and are kept in the archived copy; everything else loses its value. */
    public static final Set<String> KEPT_KEYS = Set.of("profile", "cvr", "ip", "system", "environment");
    /**
     * A key typed on purpose: a name followed by '=' or ':'. Properties syntax also reads a bare word, or the first
     * word of a passphrase, as a key; such a word may be the secret itself and is never repeated anywhere.
     */
    private static final Pattern TYPED_KEY = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9._-]{0,39})\\s*[=:]");
    private static final Sidecar EMPTY = new Sidecar(new Properties(), Set.of());

    private final Properties values;
    private final Set<String> typedKeys;
    private final boolean hadPassword;
    private char[] password;

    private Sidecar(Properties values, Set<String> typedKeys) {
        this.values = values;
        this.typedKeys = typedKeys;
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
        Set<String> typed = new TreeSet<>();
        text.lines().map(TYPED_KEY::matcher).filter(Matcher::find).forEach(m -> typed.add(m.group(1)));
        return new Sidecar(props, typed);
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

    /**
     * Keys the sidecar holds that certflow does not know (probably typos). Only what looks like a key typed on purpose
     * is named: a bare word may be the password itself.
     */
    public Set<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>();
        for (String key : values.stringPropertyNames()) {
            if (!KEYS.contains(key) && typedKeys.contains(key)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    /** One line per unknown key, with the known key it probably was meant to be: "pasword (did you mean password?)". */
    public List<String> unknownKeyHints() {
        return unknownKeys().stream()
                .map(key -> key + ClosestName.among(key, KEYS).map(k -> " (did you mean " + k + "?)").orElse(""))
                .toList();
    }

    /**
     * The sidecar as it is kept in archive/ or rejected/. Only the values of {@link #KEPT_KEYS} survive: every other
     * key, known or misspelt, keeps its name and loses its value, so a typo such as {@code pasword=} leaks nothing.
     * A line that is no {@code key=value} (a bare word, perhaps the password itself) is left out whole.
     */
    public String redacted() {
        StringWriter out = new StringWriter();
        out.write("# kept by certflow: only profile, cvr, ip, system and environment keep their values\n");
        if (hadPassword) {
            out.write("password=\n");
        }
        int leftOut = 0;
        for (String key : new TreeSet<>(values.stringPropertyNames())) {
            if (KEPT_KEYS.contains(key)) {
                out.write(line(key, values.getProperty(key)));
            } else if (KEYS.contains(key) || typedKeys.contains(key)) {
                out.write(line(key, ""));
            } else {
                leftOut++;
            }
        }
        if (leftOut > 0) {
            out.write("# " + leftOut + (leftOut == 1 ? " line" : " lines") + " without key=value left out\n");
        }
        return out.toString();
    }

    /** One properties line, escaped as {@link Properties#store} escapes it. */
    private static String line(String key, String value) {
        Properties one = new Properties();
        one.setProperty(key, value);
        StringWriter text = new StringWriter();
        try {
            one.store(text, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder lines = new StringBuilder();
        text.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> lines.append(l).append('\n'));
        return lines.toString();
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
