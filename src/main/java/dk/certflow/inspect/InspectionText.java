package dk.certflow.inspect;

import dk.certflow.findings.Audience;
import dk.certflow.findings.Finding;
import dk.certflow.findings.Severity;
import dk.certflow.oces.CertificateFacts;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The human-readable form of an inspection, as {@code certflow inspect} prints it. */
public final class InspectionText {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private InspectionText() {
    }

    /** As the reader of the text may act on it: a drop folder's reason.txt, or the output of inspect and convert. */
    public static String render(Inspection inspection, Audience audience) {
        StringBuilder out = new StringBuilder();
        long errors = inspection.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = inspection.findings().stream().filter(f -> f.severity() == Severity.WARNING).count();
        line(out, "File", inspection.file());
        line(out, "Result", inspection.valid()
                ? (warnings == 0 ? "VALID" : "VALID, with " + plural(warnings, "warning"))
                : "NOT VALID: " + plural(errors, "error") + (warnings == 0 ? "" : ", " + plural(warnings, "warning")));
        CertificateFacts c = inspection.facts();
        if (c != null) {
            line(out, "Subject", c.subject());
            line(out, "Issuer", c.issuer());
            line(out, "CVR", c.cvr() == null ? "(none)" : c.cvr() + (c.organisation() == null ? "" : "  " + c.organisation()));
            line(out, "Type", c.type());
            line(out, "Environment", c.environment());
            line(out, "Valid from", DATE_TIME.format(c.notBefore()));
            line(out, "Valid until", DATE_TIME.format(c.notAfter()) + "  (" + daysLeft(c.daysLeft()) + ")");
            line(out, "Key", c.keyAlgorithm() + " " + c.keySize() + " bits, signed " + c.signatureAlgorithm());
            line(out, "Serial number", c.serialNumber());
            if (c.uuid() != null) {
                line(out, "UUID", c.uuid());
            }
            line(out, "Policies", c.policies().isEmpty() ? "(none)" : String.join(", ", c.policies()));
            line(out, "SHA-256", c.sha256Fingerprint());
            line(out, "SHA-1", c.sha1Thumbprint());
        }
        if (inspection.findings().isEmpty()) {
            out.append("\nNo findings.\n");
        } else {
            out.append("\nFindings:\n");
            for (Finding f : inspection.findings()) {
                out.append(String.format("  %-7s %-22s %s%n", f.severity(), f.code(), f.message()));
                out.append(String.format("  %-7s %-22s -> %s%n", "", "", f.remedy(audience)));
            }
        }
        return out.toString();
    }

    private static String daysLeft(long days) {
        if (days < 0) {
            return "expired " + plural(-days, "day") + " ago";
        }
        return plural(days, "day") + " left";
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-14s %s%n", label + ":", value));
    }
}
