package dk.certflow.pkcs12;

import dk.certflow.findings.FindingCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;

import static dk.certflow.pkcs12.CredentialAssertions.assertFinding;
import static dk.certflow.pkcs12.CredentialAssertions.assertReadable;
import static org.assertj.core.api.Assertions.assertThat;

/** PEM and DER certificate files, recognised by content whatever their name. */
class CertificateFileTest {

    @TempDir
    static Path dir;
    private static TestPki pki;

    private final CredentialReader reader = new CredentialReader(Pkcs12Limits.defaults());

    @BeforeAll
    static void makePki() {
        pki = TestPki.create(dir);
    }

    @Test
    void readsPemCertificateUnderAnyName() throws Exception {
        Path misnamed = Files.copy(pki.path("leaf.crt"), dir.resolve("leaf.p12"));

        Credential credential = reader.read(misnamed, null);

        assertReadable(credential);
        assertThat(credential.kind()).isEqualTo(Credential.Kind.CERTIFICATE);
        assertThat(credential.leaf()).isEqualTo(pki.certificate("leaf.crt"));
        assertThat(credential.privateKey()).isNull();
        assertThat(credential.otherCertificates()).isEmpty();
    }

    @Test
    void picksTheEndEntityOfAPemBundleWithCrlfAndByteOrderMark() throws Exception {
        String bundle = "\uFEFF" + (Files.readString(pki.path("ca.crt")) + Files.readString(pki.path("leaf.crt")))
                .replace("\n", "\r\n");
        Path file = Files.writeString(dir.resolve("bundle.pem"), bundle, StandardCharsets.UTF_8);

        Credential credential = reader.read(file, null);

        assertReadable(credential);
        assertThat(credential.leaf()).isEqualTo(pki.certificate("leaf.crt"));
        assertThat(credential.otherCertificates()).containsExactly(pki.certificate("ca.crt"));
    }

    @Test
    void readsDerCertificate() throws Exception {
        Cli.openssl(dir, "x509", "-in", "leaf.crt", "-outform", "DER", "-out", "leaf.cer");

        Credential credential = reader.read(dir.resolve("leaf.cer"), null);

        assertReadable(credential);
        assertThat(credential.kind()).isEqualTo(Credential.Kind.CERTIFICATE);
        assertThat(credential.leaf()).isEqualTo(pki.certificate("leaf.crt"));
    }

    @Test
    void readsTheRealOces3Leaf() throws Exception {
        Path file = Path.of("src/test/resources/oces/leaves/skat-emcs-sp-test-2024.pem");

        Credential credential = reader.read(file, null);

        assertReadable(credential);
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(credential.leaf()).isEqualTo(CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }

    @Test
    void pemWithoutCertificateIsUnreadable() throws Exception {
        assertFinding(reader.read(pki.path("leaf.key"), null), FindingCode.UNREADABLE, null);
    }

    @Test
    void truncatedPemIsUnreadable() throws Exception {
        String pem = Files.readString(pki.path("leaf.crt"));
        Path file = Files.writeString(dir.resolve("cut.pem"), pem.substring(0, pem.length() / 2));

        Credential credential = reader.read(file, null);

        assertFinding(credential, FindingCode.UNREADABLE, null);
        assertThat(credential.kind()).isEqualTo(Credential.Kind.CERTIFICATE);
    }

    @Test
    void truncatedDerIsUnreadable() throws Exception {
        Cli.openssl(dir, "x509", "-in", "leaf.crt", "-outform", "DER", "-out", "whole.cer");
        byte[] der = Files.readAllBytes(dir.resolve("whole.cer"));

        assertFinding(reader.read(java.util.Arrays.copyOf(der, der.length - 10), "cut.cer", null),
                FindingCode.UNREADABLE, null);
    }
}
