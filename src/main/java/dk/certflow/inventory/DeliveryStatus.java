package dk.certflow.inventory;

import java.util.Locale;

/** Where a delivery in the outbox stands. */
public enum DeliveryStatus {
    PENDING, DELIVERED, FAILED;

    /** The name stored in the database and used in the outside contracts. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
