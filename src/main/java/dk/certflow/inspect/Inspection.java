package dk.certflow.inspect;

import dk.certflow.findings.Finding;
import dk.certflow.oces.CertificateFacts;
import dk.certflow.oces.Judgement;
import dk.certflow.pkcs12.Credential;
import dk.certflow.revocation.RevocationStatus;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What certflow learned about one file: the reading findings and, when a certificate could be read, the OCES3 judgement.
 * {@code judgement} is null when nothing could be read; {@code revocation} is null when revocation was not checked
 * (checking off, or no trusted issuer to verify an answer with).
 */
public record Inspection(String file, List<Finding> findings, Credential credential, Judgement judgement,
        RevocationStatus revocation) {

    public Inspection(String file, List<Finding> findings, Credential credential, Judgement judgement) {
        this(file, findings, credential, judgement, null);
    }

    public boolean valid() {
        return !Finding.anyError(findings);
    }

    public CertificateFacts facts() {
        return judgement == null ? null : judgement.facts();
    }

    /** Leaf first, then intermediates and root when a trusted path was found. */
    public List<X509Certificate> chain() {
        if (judgement != null) {
            return judgement.chain();
        }
        return credential != null && credential.leaf() != null ? List.of(credential.leaf()) : List.of();
    }
}
