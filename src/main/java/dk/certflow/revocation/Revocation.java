package dk.certflow.revocation;

import dk.certflow.findings.Finding;
import dk.certflow.findings.FindingCode;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/** Revocation checking as configured: the mode and the checker, and what an answer means as a finding. */
public final class Revocation {

    private static final Revocation OFF = new Revocation(RevocationMode.OFF, null);

    private final RevocationMode mode;
    private final RevocationChecker checker;

    public Revocation(RevocationMode mode, RevocationChecker checker) {
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode != RevocationMode.OFF) {
            Objects.requireNonNull(checker, "checker");
        }
        this.checker = checker;
    }

    public static Revocation off() {
        return OFF;
    }

    public RevocationMode mode() {
        return mode;
    }

    /** The status of {@code leaf}; empty when checking is off. */
    public Optional<RevocationStatus> check(X509Certificate leaf, X509Certificate issuer) {
        return mode == RevocationMode.OFF ? Optional.empty() : Optional.of(checker.check(leaf, issuer));
    }

    /** REVOKED for a revoked certificate, REVOCATION_UNKNOWN (WARNING or, in hard-fail, ERROR) without an answer. */
    public Optional<Finding> finding(RevocationStatus status) {
        return switch (status.status()) {
            case GOOD -> Optional.empty();
            case REVOKED -> Optional.of(Finding.error(FindingCode.REVOKED, "The certificate was revoked on "
                    + status.revokedAt() + " (reason: " + status.reason() + "), according to " + status.source()));
            case UNKNOWN -> {
                String message = "The revocation status could not be learned: " + status.reason();
                yield Optional.of(mode == RevocationMode.HARD_FAIL
                        ? Finding.error(FindingCode.REVOCATION_UNKNOWN, message + " (certflow.revocation.mode=hard-fail)")
                        : Finding.warning(FindingCode.REVOCATION_UNKNOWN, message));
            }
        };
    }
}
