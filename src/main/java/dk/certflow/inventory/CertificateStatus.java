package dk.certflow.inventory;

import java.util.Locale;

/** Whether a certificate is the current one for its CVR and profile. */
public enum CertificateStatus {
    ACTIVE, SUPERSEDED;

    /** The name stored in the database and used in the outside contracts. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CertificateStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
