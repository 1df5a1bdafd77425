package dk.certflow.pkcs12;

import dk.certflow.findings.Finding;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What was read from one file.
 *
 * @param kind              the detected file type
 * @param findings          problems met while reading; empty when the file was read cleanly
 * @param privateKey        the private key, or null
 * @param leaf              the certificate of the private key, else the first end-entity certificate, or null
 * @param otherCertificates every other certificate in the file (possible intermediates and roots)
 */
public record Credential(Kind kind, List<Finding> findings, PrivateKey privateKey, X509Certificate leaf,
                         List<X509Certificate> otherCertificates) {

    public enum Kind { PKCS12, CERTIFICATE, UNKNOWN }

    public Credential {
        findings = List.copyOf(findings);
        otherCertificates = List.copyOf(otherCertificates);
    }

    static Credential failed(Kind kind, Finding finding) {
        return new Credential(kind, List.of(finding), null, null, List.of());
    }

    public boolean hasErrors() {
        return Finding.anyError(findings);
    }

    /** True when the file was read without error findings. */
    public boolean readable() {
        return !hasErrors();
    }

    /** Never prints key material: JDK keys print their private exponent in toString(). */
    @Override
    public String toString() {
        return "Credential[kind=" + kind
                + ", findings=" + findings
                + ", privateKey=" + (privateKey == null ? "none" : privateKey.getAlgorithm())
                + ", leaf=" + (leaf == null ? "none" : leaf.getSubjectX500Principal().getName())
                + ", otherCertificates=" + otherCertificates.size() + "]";
    }
}
