package dk.certflow.oces;

import java.util.Locale;

/** Which OCES3 PKI a certificate must chain to. */
public enum OcesEnvironment {
    PRODUCTION, TEST, ANY;

    /** Parses {@code production}, {@code test} or {@code any}, ignoring case. */
    public static OcesEnvironment parse(String text) {
        if (text != null) {
            for (OcesEnvironment environment : values()) {
                if (environment.name().equalsIgnoreCase(text.trim())) {
                    return environment;
                }
            }
        }
        throw new IllegalArgumentException("Unknown OCES environment '" + text + "': use production, test or any");
    }

    /** The lower-case name used in configuration and JSON. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
