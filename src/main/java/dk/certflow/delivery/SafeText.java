package dk.certflow.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** Turns remote text (response bodies, exception messages) into a short line that is safe to log. */
public final class SafeText {

    static final int MAX_CHARS = 200;
    private static final String MASK = "***";

    private SafeText() {
    }

    /**
     * Masks every secret, replaces control and formatting characters (no forged log lines), collapses white
     * space and keeps the first {@link #MAX_CHARS} characters. Masking comes first, so the cut can never leave
     * the start of a secret behind.
     */
    public static String clean(String text, String... secrets) {
        if (text == null) {
            return "";
        }
        String masked = text;
        for (String form : forms(secrets)) {
            masked = masked.replace(form, MASK);
        }
        StringBuilder out = new StringBuilder();
        masked.codePoints().map(cp -> isSafe(cp) ? cp : ' ').forEach(out::appendCodePoint);
        String oneLine = out.toString().replaceAll("\\s+", " ").strip();
        if (oneLine.codePointCount(0, oneLine.length()) <= MAX_CHARS) {
            return oneLine;
        }
        return oneLine.substring(0, oneLine.offsetByCodePoints(0, MAX_CHARS)) + "…";
    }

    public static String clean(byte[] utf8, String... secrets) {
        return clean(new String(utf8, StandardCharsets.UTF_8), secrets);
    }

    /**
     * A secret as sent, raw (multipart, JSON) or form-encoded (token request), and as a remote echo may spell it: in a
     * JSON string (non-ASCII kept, or escaped as a backslash, u and four hex digits of either case) or in HTML
     * ({@code &#248;}, {@code &#xf8;}).
     */
    private static Set<String> forms(String... secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                String formEncoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
                forms.add(secret);
                forms.add(formEncoded);
                forms.add(formEncoded.replace("+", "%20"));
                forms.add(jsonEscaped(secret, false, "%04x"));
                forms.add(jsonEscaped(secret, true, "%04x"));
                forms.add(jsonEscaped(secret, true, "%04X"));
                forms.add(htmlEscaped(secret, "&#%d;"));
                forms.add(htmlEscaped(secret, "&#x%x;"));
            }
        }
        return forms;
    }

    private static String jsonEscaped(String secret, boolean asciiOnly, String hex) {
        StringBuilder out = new StringBuilder();
        for (char c : secret.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (asciiOnly && c > 0x7e)) {
                out.append("\\u").append(String.format(Locale.ROOT, hex, (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String htmlEscaped(String secret, String reference) {
        StringBuilder out = new StringBuilder();
        secret.codePoints().forEach(cp -> {
            if (cp > 0x7e || cp == '"' || cp == '&' || cp == '<' || cp == '>' || cp == '\'') {
                out.append(String.format(Locale.ROOT, reference, cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static boolean isSafe(int codePoint) {
        if (codePoint == 0xFFFD) {
            return false; // what undecodable (binary) bytes turn into: noise
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }
}
