package dk.certflow.config;

import java.util.Arrays;

/** A password or token from configuration. It never prints itself. */
public final class Secret {

    private static final Secret NONE = new Secret(new char[0]);
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value.toCharArray());
    }

    public static Secret none() {
        return NONE;
    }

    public boolean isSet() {
        return value.length > 0;
    }

    /** A copy for the caller, who clears it after use. */
    public char[] reveal() {
        return Arrays.copyOf(value, value.length);
    }

    /** For APIs that only take strings (form fields, headers). */
    public String revealAsString() {
        return new String(value);
    }

    @Override
    public String toString() {
        return isSet() ? "(secret)" : "(none)";
    }
}
