package dk.certflow.inventory;

/** The embedded database file is held by another process, normally the running service. */
public final class DatabaseInUseException extends RuntimeException {

    private final String url;

    DatabaseInUseException(String url, Throwable cause) {
        super("the database " + url + " is in use by another process (a running certflow?)", cause);
        this.url = url;
    }

    /** The JDBC URL of the database held. */
    public String url() {
        return url;
    }
}
