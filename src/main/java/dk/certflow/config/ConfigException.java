package dk.certflow.config;

/** Invalid configuration: the message names the key and says what is wrong, never the value of a secret. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
