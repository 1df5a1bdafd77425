package dk.certflow.cli;

/** A usage or I/O problem that a one-shot command reports in one line with exit code 2. */
public final class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }
}
