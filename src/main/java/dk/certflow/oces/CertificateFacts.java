package dk.certflow.oces;

import java.time.Instant;
import java.util.List;

/**
 * What a person needs to know about a certificate: the {@code certificate} object of {@code inspect --json}.
 *
 * <p>Subject and issuer are RFC 2253 names as the JDK writes them (for OCES3 {@code C=DK} first, {@code CN}
 * last), with organizationIdentifier, serialNumber, givenName and surname written by name rather than as hex. Fingerprints are upper-case hex without colons;
 * {@code serialNumber} is the certificate's serial number in upper-case hex. {@code cvr}, {@code organisation}
 * and {@code uuid} are {@code null} when the certificate does not carry them. {@code type} is
 * organisation, employee or unknown; {@code environment} is production, test or unknown (which trusted root
 * the chain ends in). {@code daysLeft} counts whole days until notAfter and is negative once expired.
 */
public record CertificateFacts(String subject, String issuer, String serialNumber, Instant notBefore,
        Instant notAfter, long daysLeft, String sha256Fingerprint, String sha1Thumbprint, String cvr,
        String organisation, String uuid, String type, String environment, String keyAlgorithm, int keySize,
        String signatureAlgorithm, List<String> policies) {

    public CertificateFacts {
        policies = List.copyOf(policies);
    }
}
