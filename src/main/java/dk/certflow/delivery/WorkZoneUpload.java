package dk.certflow.delivery;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One certificate for a WorkZone auth profile. The uploader neither keeps nor clears {@code password}: it stays
 * the caller's to wipe once the upload is settled (a retry needs it again).
 *
 * @param pkcs12         the dropped PKCS#12 file, sent unchanged
 * @param fileName       sent as the part's filename, e.g. {@code NAME.p12}
 * @param sha1Thumbprint SHA-1 of the certificate as hex; colons are dropped and it is sent upper-case
 * @param idempotencyKey see {@link #idempotencyKey(String, String)}
 */
public record WorkZoneUpload(byte[] pkcs12, String fileName, char[] password, String profile,
        String sha1Thumbprint, Instant notAfter, String idempotencyKey) {

    public WorkZoneUpload {
        Objects.requireNonNull(pkcs12, "pkcs12");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(notAfter, "notAfter");
        requireText(fileName, "fileName");
        requireText(profile, "profile");
        requireText(sha1Thumbprint, "sha1Thumbprint");
        sha1Thumbprint = sha1Thumbprint.replace(":", "").toUpperCase(Locale.ROOT);
        if (!sha1Thumbprint.matches("[0-9A-F]{40}")) {
            throw new IllegalArgumentException("sha1Thumbprint must be 40 hex digits");
        }
        requireText(idempotencyKey, "idempotencyKey");
        if (!idempotencyKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("idempotencyKey holds characters not allowed in an HTTP header");
        }
    }

    /** The upload path: {@code template} with {@code {profile}} replaced by the profile as one encoded path segment. */
    public String path(String template) {
        return template.replace("{profile}", Urls.pathSegment(profile));
    }

    /**
     * {@code <sha256 fingerprint>-<profile>} as the contract prescribes, the profile percent-encoded like a path
     * segment so that any profile name makes a valid header (for plain names such as {@code CVR} it is unchanged).
     */
    public static String idempotencyKey(String sha256Fingerprint, String profile) {
        requireText(sha256Fingerprint, "sha256Fingerprint");
        requireText(profile, "profile");
        return sha256Fingerprint + "-" + Urls.pathSegment(profile);
    }

    /** Names the upload without the password or the file's bytes. */
    @Override
    public String toString() {
        return "WorkZoneUpload[fileName=" + fileName + ", bytes=" + pkcs12.length + ", profile=" + profile
                + ", sha1Thumbprint=" + sha1Thumbprint + ", notAfter=" + notAfter
                + ", idempotencyKey=" + idempotencyKey + "]";
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
