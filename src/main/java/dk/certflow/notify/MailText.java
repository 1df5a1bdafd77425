package dk.certflow.notify;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Subject lines that say what and when, and a plain-text body with the facts. */
public final class MailText {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private MailText() {
    }

    public static String subject(Event e) {
        Event.CertificateRef c = e.certificate();
        String cvr = c == null || c.cvr() == null ? "" : " for " + c.cvr();
        return switch (e.event()) {
            case Event.CERTIFICATE_EXPIRING -> "CVR certificate" + cvr + " expires " + in(e.daysLeft()) + " (" + DATE.format(c.notAfter()) + ")";
            case Event.CERTIFICATE_REVOKED -> "CVR certificate" + cvr + " has been REVOKED";
            case Event.CERTIFICATE_EXPIRED -> "CVR certificate" + cvr + " has expired (" + DATE.format(c.notAfter()) + ")";
            case Event.AUTHORIZATION_EXPIRING -> {
                String date = e.daysLeft() == null ? "" : " (" + DATE.format(e.at().plus(java.time.Duration.ofDays(e.daysLeft()))) + ")";
                yield e.daysLeft() != null && e.daysLeft() < 0
                        ? "Datafordeler authorization" + cvr + " has expired" + date
                        : "Datafordeler authorization" + cvr + " expires " + in(e.daysLeft()) + date;
            }
            default -> "[certflow] " + e.text();
        };
    }

    public static String body(Event e) {
        StringBuilder body = new StringBuilder(e.text()).append("\n\n");
        body.append("Event:       ").append(e.event()).append('\n');
        body.append("Severity:    ").append(e.severity()).append('\n');
        Event.CertificateRef c = e.certificate();
        if (c != null) {
            body.append("CVR:         ").append(c.cvr()).append('\n');
            body.append("Certificate: ").append(c.subject()).append('\n');
            body.append("Not after:   ").append(c.notAfter()).append('\n');
            body.append("Profile:     ").append(c.profile()).append('\n');
            body.append("SHA-256:     ").append(c.sha256Fingerprint()).append('\n');
        }
        body.append("At:          ").append(e.at()).append("\n\n-- certflow\n");
        return body.toString();
    }

    private static String in(Long n) {
        return n == null ? "soon" : n == 0 ? "today" : n == 1 ? "in 1 day" : "in " + n + " days";
    }
}
