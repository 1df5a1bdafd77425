package dk.certflow.pkcs12;

import dk.certflow.findings.FindingCode;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns certificate encodings into JDK certificates, and picks the leaf among several. */
final class Certificates {

    private static final Set<String> PEM_CERTIFICATE_TYPES = Set.of("CERTIFICATE", "X509 CERTIFICATE");

    private Certificates() {
    }

    /** All certificates of a PEM text; other PEM blocks are skipped. */
    static List<X509Certificate> fromPem(byte[] content) throws ReadProblem {
        List<X509Certificate> certificates = new ArrayList<>();
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // byte order mark, as Windows editors write it
        }
        try (PemReader pem = new PemReader(new StringReader(text))) {
            for (PemObject object = pem.readPemObject(); object != null; object = pem.readPemObject()) {
                if (PEM_CERTIFICATE_TYPES.contains(object.getType())) {
                    certificates.add(fromDer(object.getContent()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ReadProblem(FindingCode.UNREADABLE, "The PEM file is truncated or corrupt.");
        }
        if (certificates.isEmpty()) {
            throw new ReadProblem(FindingCode.UNREADABLE, "The PEM file holds no certificate.");
        }
        return certificates;
    }

    static X509Certificate fromDer(byte[] der) throws ReadProblem {
        try {
            return fromHolder(new X509CertificateHolder(Certificate.getInstance(der)));
        } catch (RuntimeException e) {
            throw new ReadProblem(FindingCode.UNREADABLE, "A certificate in the file is corrupt.");
        }
    }

    static X509Certificate fromHolder(X509CertificateHolder certificate) throws ReadProblem {
        try {
            return new JcaX509CertificateConverter().getCertificate(certificate);
        } catch (CertificateException | RuntimeException e) {
            throw new ReadProblem(FindingCode.UNREADABLE, "A certificate in the file is corrupt.");
        }
    }

    /** The first certificate that is not a CA, else the first certificate, else null. */
    static X509Certificate firstEndEntity(List<X509Certificate> certificates) {
        return certificates.stream()
                .filter(c -> c.getBasicConstraints() < 0)
                .findFirst()
                .orElse(certificates.isEmpty() ? null : certificates.get(0));
    }
}
