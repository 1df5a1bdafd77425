package dk.certflow.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * Something certflow tells people about, in the shape of the webhook body: event, severity, a one-line text for chat
 * tools, days left and threshold for deadline notices, the certificate concerned (null for a bundle that could not be
 * read), and when.
 */
public record Event(String event, Severity severity, String text, Long daysLeft, Integer threshold,
                    CertificateRef certificate, Instant at) {

    public static final String BUNDLE_ACCEPTED = "bundle.accepted";
    public static final String BUNDLE_REJECTED = "bundle.rejected";
    public static final String BUNDLE_DUPLICATE = "bundle.duplicate";
    public static final String UPLOAD_FAILED = "upload.failed";
    public static final String UPLOAD_DONE = "upload.done";
    public static final String CERTIFICATE_EXPIRING = "certificate.expiring";
    public static final String AUTHORIZATION_EXPIRING = "authorization.expiring";
    public static final String CERTIFICATE_EXPIRED = "certificate.expired";
    public static final String CERTIFICATE_REVOKED = "certificate.revoked";

    public enum Severity { INFO, WARNING, CRITICAL }

    public record CertificateRef(String cvr, String subject, String sha256Fingerprint, Instant notAfter, String profile) {
    }

    /** The events the webhook and mail carry; the others go to the log and events.jsonl only. */
    @JsonIgnore
    public boolean isNotice() {
        return !BUNDLE_DUPLICATE.equals(event) && !UPLOAD_DONE.equals(event);
    }
}
