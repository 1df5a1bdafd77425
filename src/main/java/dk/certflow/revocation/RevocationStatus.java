package dk.certflow.revocation;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The revocation status of one certificate as last learned.
 *
 * @param status    good, revoked or unknown
 * @param checkedAt when the answer was obtained (for a cached answer: when it was first obtained)
 * @param revokedAt when the CA revoked it (revoked only)
 * @param reason    the CRL reason of a revocation (e.g. keyCompromise), or why the status is unknown; null when good
 * @param source    where the answer came from, e.g. "OCSP http://ca1.gov.dk/ocsp"; null when unknown
 * @param nextUpdate until when the answer may be reused; null when it must not be cached
 */
public record RevocationStatus(Status status, Instant checkedAt, Instant revokedAt, String reason, String source,
        Instant nextUpdate) {

    public enum Status {
        GOOD, REVOKED, UNKNOWN;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public RevocationStatus {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    public static RevocationStatus good(Instant checkedAt, String source, Instant nextUpdate) {
        return new RevocationStatus(Status.GOOD, checkedAt, null, null, source, nextUpdate);
    }

    public static RevocationStatus revoked(Instant checkedAt, Instant revokedAt, String reason, String source, Instant nextUpdate) {
        return new RevocationStatus(Status.REVOKED, checkedAt, revokedAt, reason, source, nextUpdate);
    }

    public static RevocationStatus unknown(Instant checkedAt, String why) {
        return new RevocationStatus(Status.UNKNOWN, checkedAt, null, why, null, null);
    }

    public boolean isRevoked() {
        return status == Status.REVOKED;
    }
}
