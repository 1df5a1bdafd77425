package dk.certflow.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {

    private static final Map<String, String> NAMES = Map.of("2.5.4.97", "organizationIdentifier", "2.5.4.5", "serialNumber");

    @Test
    void issuesRealOcesNamesSignedWithPss() throws Exception {
        TestPki pki = SharedPki.production();
        IssuedCertificate leaf = pki.leaf().keyPair(SharedPki.leafKey()).cvr("19552101").organisation("Skatteforvaltningen")
                .commonName("EMCS-SP-Prod").issue();

        assertThat(pki.root().certificate().getSubjectX500Principal())
                .isEqualTo(new X500Principal("C=DK, O=Den Danske Stat, CN=Den Danske Stat OCES rod-CA"));
        assertThat(pki.issuing().certificate().getSubjectX500Principal())
                .isEqualTo(new X500Principal("C=DK, O=Den Danske Stat, CN=Den Danske Stat OCES udstedende-CA 1"));
        assertThat(leaf.certificate().getSubjectX500Principal().getName(X500Principal.RFC2253, NAMES))
                .matches("C=DK,organizationIdentifier=NTRDK-19552101,O=Skatteforvaltningen,"
                        + "serialNumber=UI:DK-O:G:[0-9a-f-]{36},CN=EMCS-SP-Prod");
        assertThat(pssDigest(leaf.certificate())).isEqualTo("SHA-256");
        assertThat(pssDigest(pki.issuing().certificate())).isEqualTo("SHA-512");
        assertThat(pssDigest(pki.root().certificate())).isEqualTo("SHA-512");
        leaf.certificate().verify(pki.issuing().certificate().getPublicKey());
        pki.issuing().certificate().verify(pki.root().certificate().getPublicKey());
        assertThat(leaf.certificate().getCriticalExtensionOIDs()).contains("2.5.29.15", "2.5.29.19");
        assertThat(Arrays.copyOf(leaf.certificate().getKeyUsage(), 3)).containsExactly(true, false, true);
        assertThat(leaf.chain()).containsExactly(leaf.certificate(), pki.issuing().certificate(), pki.root().certificate());
    }

    @Test
    void testEnvironmentCarriesTheTestOu() {
        assertThat(SharedPki.test().root().certificate().getSubjectX500Principal()).isEqualTo(
                new X500Principal("C=DK, O=Den Danske Stat, OU=Test - cti, CN=Den Danske Stat OCES rod-CA"));
    }

    @Test
    void lookAlikeHasTheSameNamesButAnotherKey() {
        TestPki real = SharedPki.production();
        TestPki fake = SharedPki.lookAlike();
        assertThat(fake.issuing().certificate().getSubjectX500Principal())
                .isEqualTo(real.issuing().certificate().getSubjectX500Principal());
        assertThat(fake.issuing().certificate().getPublicKey()).isNotEqualTo(real.issuing().certificate().getPublicKey());
    }

    @Test
    void writesAnOwnerOnlyPkcs12WithKeyAndChain(@TempDir Path dir) throws Exception {
        IssuedCertificate leaf = SharedPki.production().leaf().keyPair(SharedPki.leafKey()).issue();
        Path file = dir.resolve("leaf.p12");
        char[] password = "demo secret".toCharArray();

        leaf.writePkcs12(file, password, "leaf");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        assertThat(store.getKey("leaf", password)).isEqualTo(leaf.privateKey());
        assertThat(List.of(store.getCertificateChain("leaf"))).containsExactlyElementsOf(leaf.chain());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void writesALegacyPkcs12LikeMitIdWithANonAsciiPassword(@TempDir Path dir) throws Exception {
        IssuedCertificate leaf = SharedPki.test().leaf().keyPair(SharedPki.leafKey()).issue();
        Path file = dir.resolve("mitid.p12");
        Path passwordFile = dir.resolve("pass");
        Files.writeString(passwordFile, "Blåbærgrød-42", StandardCharsets.UTF_8);

        leaf.writePkcs12(file, "Blåbærgrød-42".toCharArray(), "leaf", Pkcs12Style.LEGACY);

        Process openssl = new ProcessBuilder("openssl", "pkcs12", "-in", file.toString(), "-info", "-noout", "-legacy",
                "-passin", "file:" + passwordFile).redirectErrorStream(true).start();
        String info = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor()).as(info).isZero();
        assertThat(info).contains("pbeWithSHA1And3-KeyTripleDES-CBC", "pbeWithSHA1And40BitRC2-CBC", "MAC: sha1");
    }

    private static String pssDigest(X509Certificate certificate) throws Exception {
        assertThat(certificate.getSigAlgName()).isEqualTo("RSASSA-PSS");
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
        parameters.init(certificate.getSigAlgParams());
        return parameters.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
    }
}
