package dk.certflow.pkcs12;

import dk.certflow.findings.FindingCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dk.certflow.pkcs12.CredentialAssertions.assertFinding;
import static dk.certflow.pkcs12.CredentialAssertions.assertReadable;
import static org.assertj.core.api.Assertions.assertThat;

/** PKCS#12 files written by the openssl CLI at test time; its encryption and MAC options are in {@link InteropMatrixTest}. */
class OpensslInteropTest {

    private static final String PASSWORD = "Secret-123";
    private static final String NON_ASCII = "Kødpålæg-æøå";

    @TempDir
    static Path dir;
    private static TestPki pki;

    private final CredentialReader reader = new CredentialReader(Pkcs12Limits.defaults());

    @BeforeAll
    static void makePki() {
        pki = TestPki.create(dir);
    }

    /** openssl pkcs12 -export of the leaf key and certificate with the CA, plus extra options. */
    private static Path export(String name, String password, String... options) throws Exception {
        Path passwordFile = Cli.passwordFile(dir, name, password);
        List<String> arguments = new ArrayList<>(List.of("pkcs12", "-export", "-out", name + ".p12",
                "-passout", "file:" + passwordFile));
        arguments.addAll(Arrays.asList(options));
        Cli.openssl(dir, arguments.toArray(String[]::new));
        return dir.resolve(name + ".p12");
    }

    private static Path exportLeaf(String name, String password, String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "ca.crt"));
        arguments.addAll(Arrays.asList(options));
        return export(name, password, arguments.toArray(String[]::new));
    }

    private void assertLeafWithChain(Credential credential) throws Exception {
        assertReadable(credential);
        assertThat(credential.kind()).isEqualTo(Credential.Kind.PKCS12);
        assertThat(credential.leaf()).isEqualTo(pki.certificate("leaf.crt"));
        assertThat(credential.otherCertificates()).containsExactly(pki.certificate("ca.crt"));
        assertThat(((RSAPrivateCrtKey) credential.privateKey()).getModulus())
                .isEqualTo(((RSAPublicKey) credential.leaf().getPublicKey()).getModulus());
    }

    @Test
    void opensUnprotectedFileWithoutPassword() throws Exception {
        Path p12 = exportLeaf("open", "", "-certpbe", "NONE", "-keypbe", "NONE", "-nomac");

        assertLeafWithChain(reader.read(p12, null));
    }

    @ParameterizedTest(name = "legacy={0}")
    @ValueSource(booleans = {false, true})
    void opensEmptyPasswordGivenOrNot(boolean legacy) throws Exception {
        Path p12 = legacy ? exportLeaf("empty-legacy", "", "-legacy") : exportLeaf("empty", "");

        assertLeafWithChain(reader.read(p12, null));
        assertLeafWithChain(reader.read(p12, new char[0]));
    }

    @ParameterizedTest(name = "legacy={0}")
    @ValueSource(booleans = {false, true})
    void opensNonAsciiPassword(boolean legacy) throws Exception {
        Path p12 = legacy ? exportLeaf("nonascii-legacy", NON_ASCII, "-legacy") : exportLeaf("nonascii", NON_ASCII);

        assertLeafWithChain(reader.read(p12, NON_ASCII.toCharArray()));
    }

    @Test
    void leavesTheCallersPasswordIntact() throws Exception {
        Path p12 = exportLeaf("intact", PASSWORD);
        char[] password = PASSWORD.toCharArray();

        reader.read(p12, password);

        assertThat(password).containsExactly(PASSWORD.toCharArray());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mac", "nomac"})
    void wrongPasswordIsIncorrect(String mac) throws Exception {
        Path p12 = mac.equals("mac") ? exportLeaf("wrong", PASSWORD) : exportLeaf("wrong-nomac", PASSWORD, "-nomac");

        Credential credential = reader.read(p12, "Not-the-password".toCharArray());

        assertFinding(credential, FindingCode.PASSWORD_INCORRECT, "Not-the-password");
        assertThat(credential.kind()).isEqualTo(Credential.Kind.PKCS12);
        assertThat(credential.privateKey()).isNull();
    }

    @Test
    void protectedFileWithoutPasswordIsMissingPassword() throws Exception {
        Path p12 = exportLeaf("missing", PASSWORD);

        assertFinding(reader.read(p12, null), FindingCode.PASSWORD_MISSING, PASSWORD);
    }

    @Test
    void certificatesOnlyHaveNoPrivateKey() throws Exception {
        Path p12 = export("certs-only", PASSWORD, "-nokeys", "-in", "ca.crt", "-certfile", "leaf.crt");

        Credential credential = reader.read(p12, PASSWORD.toCharArray());

        assertFinding(credential, FindingCode.NO_PRIVATE_KEY, PASSWORD);
        assertThat(credential.leaf()).as("the end-entity certificate, not the CA listed first")
                .isEqualTo(pki.certificate("leaf.crt"));
        assertThat(credential.otherCertificates()).containsExactly(pki.certificate("ca.crt"));
    }

    @Test
    void keyOnlyHasNoCertificate() throws Exception {
        Path p12 = export("key-only", PASSWORD, "-nocerts", "-inkey", "leaf.key");

        Credential credential = reader.read(p12, PASSWORD.toCharArray());

        assertFinding(credential, FindingCode.NO_CERTIFICATE, PASSWORD);
        assertThat(credential.privateKey()).isNotNull();
        assertThat(credential.leaf()).isNull();
    }

    @Test
    void keyOfAnotherCertificateIsMismatch() throws Exception {
        Path p12 = export("mismatch", PASSWORD, "-nocerts", "-inkey", "leaf.key", "-certfile", "other.crt");

        Credential credential = reader.read(p12, PASSWORD.toCharArray());

        assertFinding(credential, FindingCode.KEY_MISMATCH, PASSWORD);
        assertThat(credential.leaf()).isEqualTo(pki.certificate("other.crt"));
    }

    @Test
    void pairsTheKeyWithItsCertificateWhateverTheOrder() throws Exception {
        Path p12 = export("order", PASSWORD, "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "other.crt");

        Credential credential = reader.read(p12, PASSWORD.toCharArray());

        assertReadable(credential);
        assertThat(credential.leaf()).isEqualTo(pki.certificate("leaf.crt"));
        assertThat(credential.otherCertificates()).containsExactly(pki.certificate("other.crt"));
    }

    @Test
    void truncatedFileIsUnreadable() throws Exception {
        byte[] whole = Files.readAllBytes(exportLeaf("whole", PASSWORD));
        Path truncated = dir.resolve("truncated.p12");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));

        Credential credential = reader.read(truncated, PASSWORD.toCharArray());

        assertFinding(credential, FindingCode.UNREADABLE, PASSWORD);
        assertThat(credential.kind()).isEqualTo(Credential.Kind.UNKNOWN);
    }

    @Test
    void corruptStructureIsUnreadable() throws Exception {
        byte[] corrupt = Files.readAllBytes(exportLeaf("corrupt", PASSWORD, "-nomac"));
        // overwrite the middle with bytes that cannot be an encrypted content's structure
        Arrays.fill(corrupt, 20, corrupt.length - 20, (byte) 0x00);

        assertFinding(reader.read(corrupt, "corrupt.p12", PASSWORD.toCharArray()), FindingCode.UNREADABLE, PASSWORD);
    }

    @Test
    void toStringShowsNoKeyMaterial() throws Exception {
        Credential credential = reader.read(exportLeaf("tostring", PASSWORD), PASSWORD.toCharArray());
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) credential.privateKey();

        assertThat(credential.toString())
                .contains("RSA", "Test Leaf")
                .doesNotContain(key.getPrivateExponent().toString())
                .doesNotContain(key.getPrivateExponent().toString(16));
    }
}
