package dk.certflow.pkcs12;

import dk.certflow.findings.FindingCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import javax.crypto.Cipher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;

import static dk.certflow.pkcs12.CredentialAssertions.assertFinding;
import static dk.certflow.pkcs12.CredentialAssertions.assertReadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real MitID Erhverv sample: RC2-40 certificates, 3DES key, SHA-1 MAC, 102,400/51,200 iterations. */
@Isolated("removes the JDK's SunJCE provider for one test")
class RealSampleTest {

    private static final Path SAMPLES = Path.of("src/test/resources/oces/samples");
    private static final Path SAMPLE = SAMPLES.resolve("kombit-sp-devtest4-demoklient-sf0101-1.p12");

    private final CredentialReader reader = new CredentialReader(Pkcs12Limits.defaults());

    static char[] samplePassword() throws Exception {
        String text = Files.readString(SAMPLES.resolve("kombit-sp-devtest4-demoklient-sf0101-1.pass"), StandardCharsets.UTF_8);
        return text.strip().toCharArray();
    }

    private static X509Certificate certificate(InputStream in) throws Exception {
        try (in) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static void assertSample(Credential credential) throws Exception {
        assertReadable(credential);
        assertThat(credential.kind()).isEqualTo(Credential.Kind.PKCS12);
        X509Certificate published = certificate(Files.newInputStream(
                Path.of("src/test/resources/oces/leaves/kombit-sp-devtest4-demoklient-sf0101-1.pem")));
        assertThat(credential.leaf()).isEqualTo(published);
        assertThat(((RSAPrivateCrtKey) credential.privateKey()).getModulus())
                .isEqualTo(((RSAPublicKey) published.getPublicKey()).getModulus());
        X509Certificate root = certificate(RealSampleTest.class.getResourceAsStream("/trust/test-root.pem"));
        X509Certificate issuing = certificate(RealSampleTest.class.getResourceAsStream("/trust/test-issuing-1.pem"));
        assertThat(credential.otherCertificates()).containsExactlyInAnyOrder(root, issuing);
    }

    @Test
    void readsTheSample() throws Exception {
        char[] password = samplePassword();
        assertSample(reader.read(SAMPLE, password));
        assertSample(reader.read(Files.readAllBytes(SAMPLE), "sample.p12", password));
    }

    /**
     * With the JDK's SunJCE provider gone, the JDK has no RC2, no 3DES and no PKCS#12 PBE: its own KeyStore cannot
     * open the sample, and the reader still does, through its own BouncyCastle instance (never registered globally).
     */
    @Test
    void readsTheSampleWithoutTheJdkCipherProvider() throws Exception {
        char[] password = samplePassword();
        Provider[] providers = Security.getProviders();
        int position = Arrays.asList(providers).indexOf(Security.getProvider("SunJCE")) + 1;
        Provider sunJce = Security.getProvider("SunJCE");
        Security.removeProvider("SunJCE");
        try {
            assertThatThrownBy(() -> Cipher.getInstance("PBEWithSHA1AndRC2_40")).isInstanceOf(NoSuchAlgorithmException.class);
            assertThatThrownBy(() -> {
                try (InputStream in = Files.newInputStream(SAMPLE)) {
                    KeyStore.getInstance("PKCS12").load(in, password);
                }
            }).isInstanceOf(IOException.class);

            assertSample(reader.read(SAMPLE, password));
        } finally {
            Security.insertProviderAt(sunJce, position);
        }
        assertThat(Security.getProvider("BC")).as("no global BouncyCastle registration").isNull();
        assertThat(List.of(Security.getProviders())).containsExactly(providers);
    }

    @Test
    void sampleWithoutPasswordIsMissingPassword() throws Exception {
        assertFinding(reader.read(SAMPLE, null), FindingCode.PASSWORD_MISSING, new String(samplePassword()));
    }

    @Test
    void sampleWithWrongPasswordIsIncorrect() throws Exception {
        char[] wrong = samplePassword();
        wrong[0] ^= 1;

        assertFinding(reader.read(SAMPLE, wrong), FindingCode.PASSWORD_INCORRECT, new String(wrong));
    }
}
