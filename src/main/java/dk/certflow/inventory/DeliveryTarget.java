package dk.certflow.inventory;

import java.util.Locale;

/** The systems the outbox delivers to. */
public enum DeliveryTarget {
    WORKZONE, RECORDS, WEBHOOK, MAIL;

    /** The name stored in the database and used in the outside contracts. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryTarget of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
