package dk.certflow.oces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.certflow.pki.SharedPki;
import dk.certflow.pki.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {

    @Test
    void bundledHoldsBothOces3RootsAndIssuingCas() {
        TrustStore store = TrustStore.bundled();
        assertThat(store.anchors()).extracting(X509Certificate::getSubjectX500Principal)
                .containsExactlyInAnyOrder(Oces.PRODUCTION_ROOT, Oces.TEST_ROOT);
        assertThat(store.intermediates()).hasSize(2)
                .allSatisfy(ca -> assertThat(ca.getSubjectX500Principal().getName()).contains("udstedende-CA 1"));
    }

    @Test
    void readsAPemBundleWithTextAroundTheBlocks(@TempDir Path dir) throws Exception {
        TestPki pki = SharedPki.test();
        Path file = dir.resolve("ca.pem");
        Files.writeString(file, "issuing CA:\n" + pem(pki.issuing().certificate()) + "\nroot:\n" + pem(pki.root().certificate()));

        TrustStore store = TrustStore.fromPemFile(file);

        assertThat(store.anchors()).containsExactly(pki.root().certificate());
        assertThat(store.intermediates()).containsExactly(pki.issuing().certificate());
    }

    @Test
    void readsTheOlderX509LabelAndSkipsOtherBlocks(@TempDir Path dir) throws Exception {
        TestPki pki = SharedPki.test();
        Path file = dir.resolve("ca.pem");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n"
                + pem(pki.issuing().certificate()).replace("BEGIN CERTIFICATE", "BEGIN X509 CERTIFICATE").replace("END CERTIFICATE", "END X509 CERTIFICATE")
                + pem(pki.root().certificate()));

        TrustStore store = TrustStore.fromPemFile(file);

        assertThat(store.anchors()).containsExactly(pki.root().certificate());
        assertThat(store.intermediates()).containsExactly(pki.issuing().certificate());
    }

    @Test
    void refusesADamagedCertificateBlock(@TempDir Path dir) throws Exception {
        String root = pem(SharedPki.test().root().certificate());
        Path file = dir.resolve("ca.pem");
        Files.writeString(file, root.substring(0, root.length() / 2) + "\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TrustStore.fromPemFile(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("ca.pem").hasMessageContaining("invalid certificate");
    }

    @Test
    void refusesAFileWithoutCertificates(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty.pem");
        Files.writeString(file, "nothing here\n");
        assertThatThrownBy(() -> TrustStore.fromPemFile(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("holds no PEM certificate").hasMessageContaining("empty.pem");
    }

    @Test
    void refusesABundleWithoutRoot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("issuing.pem");
        Files.writeString(file, pem(SharedPki.production().issuing().certificate()));
        assertThatThrownBy(() -> TrustStore.fromPemFile(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("no self-signed root");
        assertThatIllegalArgumentException().isThrownBy(() -> TrustStore.of(List.of()));
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
