package dk.certflow.inventory;

import java.util.Locale;

/** The deadlines the expiry watch warns about: the certificate's notAfter or the Datafordeler authorization. */
public enum DeadlineKind {
    CERTIFICATE, AUTHORIZATION;

    /** The name stored in the database and used in the outside contracts. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeadlineKind of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
