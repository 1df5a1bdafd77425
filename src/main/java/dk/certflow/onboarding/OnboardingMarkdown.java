package dk.certflow.onboarding;

import java.time.format.DateTimeFormatter;

/** onboarding.md: the onboarding record as a checklist a person can follow with the values ready to paste. */
public final class OnboardingMarkdown {

    private OnboardingMarkdown() {
    }

    public static String render(OnboardingRecord r, String stagedPfxName) {
        StringBuilder md = new StringBuilder();
        OnboardingRecord.Certificate c = r.certificate();
        OnboardingRecord.Datafordeler d = r.datafordeler();
        md.append("# Datafordeler onboarding: CVR ").append(r.organisation().cvr());
        if (r.organisation().name() != null) {
            md.append(" (").append(r.organisation().name()).append(')');
        }
        md.append("\n\nPrepared by certflow on ").append(DateTimeFormatter.ISO_INSTANT.format(r.createdAt())).append(".\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Certificate", c.subject());
        row(md, "Environment", c.environment());
        row(md, "Valid until", DateTimeFormatter.ISO_INSTANT.format(c.notAfter()));
        row(md, "PEM file to upload", "`" + c.pemFile() + "`");
        row(md, "SHA-1 thumbprint", "`" + c.sha1Thumbprint() + "`");
        row(md, "SHA-256 fingerprint", "`" + c.sha256Fingerprint() + "`");
        row(md, "IT system", d.system() == null ? "(not configured)" : d.system());
        row(md, "Authentication", "OAuth certificate");
        row(md, "Authorization expiry", d.authorizationExpiry().toString());
        row(md, "IP addresses", d.ipWhitelist().isEmpty() ? "(not configured)" : "`" + String.join("`, `", d.ipWhitelist()) + "`");
        row(md, "Service", String.join(", ", d.services()));
        row(md, "WorkZone auth profile", r.workzone().profile() + " (upload: " + r.workzone().upload() + ")");
        md.append("\n## Steps\n\n");
        for (OnboardingRecord.ChecklistItem item : r.checklist()) {
            md.append("- [").append(item.done() ? 'x' : ' ').append("] ").append(item.text()).append('\n');
        }
        if (stagedPfxName != null) {
            md.append("\nThe PFX for WorkZone is staged beside this file as `").append(stagedPfxName)
                    .append("`; its password is the one given with the bundle (certflow does not keep it in clear).\n");
        }
        md.append("\nWhen the portal steps are done, a token request with the certificate (mutual TLS) proves the setup.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String label, String value) {
        md.append("| ").append(label).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }
}
