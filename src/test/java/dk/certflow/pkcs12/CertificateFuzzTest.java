package dk.certflow.pkcs12;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the PEM/DER certificate path: through {@link CredentialReader} as a dropped file is read, and the PEM and
 * DER decoders alone. Acceptable outcomes are certificates or a {@link ReadProblem}; anything else propagates.
 */
class CertificateFuzzTest {

    private final CredentialReader reader = new CredentialReader(Pkcs12Limits.defaults());

    @FuzzTest(maxDuration = "")
    void readCertificate(byte[] content) {
        FuzzAssertions.assertResultOrRefusal(reader.read(content, "fuzz.pem", null));
    }

    @FuzzTest(maxDuration = "")
    void fromPem(byte[] content) {
        try {
            List<X509Certificate> certificates = Certificates.fromPem(content);
            // fromPem refuses a text without certificates, so a result is never empty
            assertThat(certificates).isNotEmpty().doesNotContainNull();
            assertThat(Certificates.firstEndEntity(certificates)).isIn(certificates);
        } catch (ReadProblem refused) {
            FuzzAssertions.assertRefusal(refused);
        }
    }

    @FuzzTest(maxDuration = "")
    void fromDer(byte[] content) {
        try {
            X509Certificate certificate = Certificates.fromDer(content);
            assertThat(certificate.getSubjectX500Principal()).isNotNull();
        } catch (ReadProblem refused) {
            FuzzAssertions.assertRefusal(refused);
        }
    }
}
