package dk.certflow.inventory;

import java.util.Locale;

/** What one delivery attempt came to: delivered, worth another try, or refused for good. */
public enum AttemptResult {
    OK, RETRY, FAILED;

    /** The name stored in the database and used in the outside contracts. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AttemptResult of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
