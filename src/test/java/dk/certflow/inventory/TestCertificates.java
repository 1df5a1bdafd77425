package dk.certflow.inventory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

/** Certificates to record, with fingerprints derived from a label so each test's are distinct and well formed. */
public final class TestCertificates {

    static final Instant NOT_BEFORE = Instant.parse("2025-01-15T10:00:00Z");

    private TestCertificates() {
    }

    public static NewCertificate certificate(String label, String cvr, String profile, Instant notAfter) {
        return certificate(label, cvr, profile, notAfter, LocalDate.ofInstant(notAfter, ZoneOffset.UTC).minusDays(1));
    }

    /** {@code authorizationExpiry} may be null: no Datafordeler authorization known. */
    public static NewCertificate certificate(String label, String cvr, String profile, Instant notAfter,
            LocalDate authorizationExpiry) {
        return new NewCertificate(
                fingerprint(label, "SHA-256"),
                fingerprint(label, "SHA-1"),
                cvr,
                "Organisation " + cvr,
                "CN=" + label + ",O=Organisation " + cvr + ",organizationIdentifier=NTRDK-" + cvr + ",C=DK",
                "CN=Den Danske Stat OCES udstedende-CA 1,O=Den Danske Stat,C=DK",
                "5F3A" + Integer.toHexString(label.hashCode()).toUpperCase(),
                "UUID:" + UUID.nameUUIDFromBytes(label.getBytes(StandardCharsets.UTF_8)),
                "test",
                profile,
                NOT_BEFORE,
                notAfter,
                authorizationExpiry,
                label + ".p12",
                "/srv/certflow/out/" + cvr + "/" + fingerprint(label, "SHA-256"),
                UploadStatus.PENDING);
    }

    public static String fingerprint(String label, String algorithm) {
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(label.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
