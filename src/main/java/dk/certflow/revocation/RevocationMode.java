package dk.certflow.revocation;

import java.util.Locale;

/** What a missing revocation answer means (certflow.revocation.mode). */
public enum RevocationMode {
    /** No usable answer: a WARNING, the certificate is still accepted. */
    SOFT_FAIL,
    /** No usable answer: an ERROR, the certificate is refused. */
    HARD_FAIL,
    /** Revocation is not checked at all. */
    OFF;

    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static RevocationMode parse(String value) {
        for (RevocationMode mode : values()) {
            if (mode.value().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not soft-fail, hard-fail or off");
    }
}
