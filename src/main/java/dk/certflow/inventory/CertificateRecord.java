package dk.certflow.inventory;

import java.time.Instant;
import java.time.LocalDate;

/** A certificate as the inventory holds it. */
public record CertificateRecord(
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
        CertificateStatus status,
        String supersededBy,
        UploadStatus uploadStatus,
        Instant uploadedAt,
        Instant createdAt,
        Instant updatedAt) {

    public boolean isActive() {
        return status == CertificateStatus.ACTIVE;
    }
}
