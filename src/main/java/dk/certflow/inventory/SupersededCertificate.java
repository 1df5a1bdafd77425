package dk.certflow.inventory;

import java.time.Instant;

/** A certificate that a newly recorded one replaced, for a notice like "replaces X which expires in N days". */
public record SupersededCertificate(String fingerprint, Instant notAfter) {
}
