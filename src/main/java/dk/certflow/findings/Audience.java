package dk.certflow.findings;

/**
 * Who reads a finding's remedy, so that it names what that person can change: the sidecar and the configuration for
 * a file dropped into the folder, the command's own options for {@code certflow inspect} and {@code convert}.
 */
public enum Audience {
    DROP_FOLDER,
    COMMAND_LINE
}
