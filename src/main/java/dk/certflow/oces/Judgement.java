package dk.certflow.oces;

import dk.certflow.findings.Finding;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The verdict on one certificate.
 *
 * @param findings what is wrong or worth knowing; no ERROR finding means the certificate is acceptable
 * @param facts    what the certificate says
 * @param chain    leaf, intermediates, root when a trusted path was found; otherwise the leaf and the
 *                 certificates that came with it
 */
public record Judgement(List<Finding> findings, CertificateFacts facts, List<X509Certificate> chain) {

    public Judgement {
        findings = List.copyOf(findings);
        chain = List.copyOf(chain);
    }

    public boolean valid() {
        return !Finding.anyError(findings);
    }
}
