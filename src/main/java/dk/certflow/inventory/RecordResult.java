package dk.certflow.inventory;

import java.util.List;

/**
 * What recording a certificate came to. ACCEPTED: {@code certificate} is the new row and {@code superseded} the
 * active certificates it replaced. DUPLICATE: the fingerprint was already recorded; {@code certificate} is the
 * existing row, unchanged, and {@code superseded} is empty.
 */
public record RecordResult(Outcome outcome, CertificateRecord certificate, List<SupersededCertificate> superseded) {

    public enum Outcome { ACCEPTED, DUPLICATE }

    public RecordResult {
        superseded = List.copyOf(superseded);
    }

    static RecordResult accepted(CertificateRecord certificate, List<SupersededCertificate> superseded) {
        return new RecordResult(Outcome.ACCEPTED, certificate, superseded);
    }

    static RecordResult duplicate(CertificateRecord existing) {
        return new RecordResult(Outcome.DUPLICATE, existing, List.of());
    }

    public boolean isDuplicate() {
        return outcome == Outcome.DUPLICATE;
    }
}
