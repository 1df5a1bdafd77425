package dk.certflow.pem;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How {@code private-key.pem} is written (option {@code --private-key}, key {@code certflow.pem.private-key}). */
public enum PrivateKeyMode {
    /** PKCS#8 encrypted with a password: AES-256-CBC under PBES2 with PBKDF2-HMAC-SHA256. */
    ENCRYPTED,
    /** Unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}); protected by file permissions only. */
    PLAIN,
    /** No private key file. */
    NONE;

    /** The name used in options and configuration: {@code encrypted}, {@code plain} or {@code none}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code encrypted|plain|none}, ignoring case and surrounding blanks. */
    public static PrivateKeyMode parse(String text) {
        if (text != null) {
            String wanted = text.strip();
            for (PrivateKeyMode mode : values()) {
                if (mode.configName().equalsIgnoreCase(wanted)) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException(
                "Unknown private key mode '" + text + "'; allowed values: " + allowedValues());
    }

    /** {@code encrypted, plain, none}: for messages and help texts. */
    public static String allowedValues() {
        return Arrays.stream(values()).map(PrivateKeyMode::configName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return configName();
    }
}
