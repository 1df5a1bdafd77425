package dk.certflow.intake;

import dk.certflow.findings.Finding;
import dk.certflow.inspect.Inspection;
import dk.certflow.oces.CertificateFacts;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One dropped certificate (or a sidecar left alone) on its way through certflow. It carries the file's bytes and its
 * password only as long as the bundle is being processed; {@link #close()} clears them.
 */
public final class Bundle implements AutoCloseable {

    public enum Outcome { REJECTED, DUPLICATE, ACCEPTED }

    private final String name;
    private final Path file;
    private final Path sidecarFile;
    private final Sidecar sidecar;
    private final Inspection inspection;
    private final List<Finding> findings;
    private final String profile;
    private byte[] content;
    private char[] password;
    private Outcome outcome;
    private Path placedAt;
    private String note = "";

    Bundle(String name, Path file, Path sidecarFile, Sidecar sidecar, Inspection inspection, List<Finding> findings,
           String profile, byte[] content, char[] password, Outcome outcome) {
        this.name = name;
        this.file = file;
        this.sidecarFile = sidecarFile;
        this.sidecar = sidecar;
        this.inspection = inspection;
        this.findings = List.copyOf(findings);
        this.profile = profile;
        this.content = content;
        this.password = password;
        this.outcome = outcome;
    }

    /** The dropped file's name, made safe for folder names and logs. */
    public String getName() {
        return name;
    }

    public Outcome getOutcome() {
        return outcome;
    }

    public String getFingerprint() {
        CertificateFacts facts = facts();
        return facts == null ? "-" : facts.sha256Fingerprint();
    }

    public Path getPlacedAt() {
        return placedAt;
    }

    /** One line for the log: outcome, fingerprint, where it went and why. */
    public String getSummary() {
        String codes = findings.stream().filter(Finding::isError).map(f -> f.code().name()).distinct()
                .reduce((a, b) -> a + "," + b).orElse("");
        return outcome.name().toLowerCase() + " " + name + " fingerprint=" + getFingerprint()
                + (codes.isEmpty() ? "" : " findings=" + codes) + (note.isEmpty() ? "" : " " + note)
                + (placedAt == null ? "" : " -> " + placedAt);
    }

    Path file() {
        return file;
    }

    Path sidecarFile() {
        return sidecarFile;
    }

    Sidecar sidecar() {
        return sidecar;
    }

    Inspection inspection() {
        return inspection;
    }

    List<Finding> findings() {
        return findings;
    }

    CertificateFacts facts() {
        return inspection == null ? null : inspection.facts();
    }

    String profile() {
        return profile;
    }

    byte[] content() {
        return content;
    }

    char[] password() {
        return password;
    }

    void changeOutcome(Outcome outcome) {
        this.outcome = outcome;
    }

    void markPlacedAt(Path placedAt) {
        this.placedAt = placedAt;
    }

    void addNote(String note) {
        this.note = note;
    }

    @Override
    public void close() {
        if (password != null) {
            Arrays.fill(password, '\0');
            password = null;
        }
        if (content != null) {
            Arrays.fill(content, (byte) 0);
            content = null;
        }
        sidecar.clear();
    }
}
