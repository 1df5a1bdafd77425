package dk.certflow.inventory;

import java.util.Locale;

/** Where the WorkZone upload of a certificate stands. */
public enum UploadStatus {
    UPLOADED, DUPLICATE, PENDING, FAILED, DISABLED;

    /** The name stored in the database and used in the outside contracts. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UploadStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
