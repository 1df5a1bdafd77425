package dk.certflow.inventory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An accepted certificate as the intake knows it, to be recorded in the inventory. Fingerprints are upper-case
 * hex without colons; {@code organisation}, {@code uuid}, {@code authorizationExpiry} and {@code outDir} may be
 * null.
 */
public record NewCertificate(
        String fingerprint,
        String sha1Thumbprint,
        String cvr,
        String organisation,
        String subject,
        String issuer,
        String serialNumber,
        String uuid,
        String environment,
        String profile,
        Instant notBefore,
        Instant notAfter,
        LocalDate authorizationExpiry,
        String sourceFile,
        String outDir,
        UploadStatus uploadStatus) {

    public NewCertificate {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(sha1Thumbprint, "sha1Thumbprint");
        Objects.requireNonNull(cvr, "cvr");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(uploadStatus, "uploadStatus");
    }
}
