package dk.certflow.pkcs12;

import dk.certflow.findings.FindingCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Optional;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import static dk.certflow.pkcs12.CredentialAssertions.assertFinding;
import static dk.certflow.pkcs12.CredentialAssertions.assertReadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** PKCS12 key stores written by the JDK's keytool (PBES2, 10,000 iterations, HmacPBESHA256 MAC). */
class KeytoolInteropTest {

    @TempDir
    Path dir;

    private final CredentialReader reader = new CredentialReader(Pkcs12Limits.defaults());

    private Path genkeypair(String store, String alias, Path passwordFile) {
        return genkeypair(store, alias, passwordFile, false);
    }

    /** legacy: the pre-JDK-12 format (RC2 certificates, 3DES key, SHA-1 MAC), chosen by keystore.pkcs12.legacy. */
    private Path genkeypair(String store, String alias, Path passwordFile, boolean legacy) {
        Cli.keytool(dir, legacy ? "-J-Dkeystore.pkcs12.legacy" : "-J-Dkeystore.pkcs12.certProtectionAlgorithm=PBEWithHmacSHA256AndAES_256",
                "-genkeypair", "-keystore", store, "-storetype", "PKCS12", "-alias", alias,
                "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + alias, "-validity", "30",
                "-storepass:file", passwordFile.toString());
        return dir.resolve(store);
    }

    @ParameterizedTest(name = "{0} legacy={1}")
    @CsvSource({"Secret-123, false", "Secret-123, true"})
    void opensKeytoolStore(String password, boolean legacy) throws Exception {
        Path store = genkeypair("store.p12", "system", Cli.passwordFile(dir, "store", password), legacy);

        Credential credential = reader.read(store, password.toCharArray());

        assertReadable(credential);
        assertThat(credential.kind()).isEqualTo(Credential.Kind.PKCS12);
        assertThat(credential.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=system");
        assertThat(((RSAPrivateCrtKey) credential.privateKey()).getModulus())
                .isEqualTo(((RSAPublicKey) credential.leaf().getPublicKey()).getModulus());
        assertThat(credential.otherCertificates()).isEmpty();
    }

    /** JDK 17's keytool refuses non-ASCII passwords ("Password is not ASCII"); later JDKs write them. */
    @Test
    void opensNonAsciiPasswordStoreOfNewerKeytool() throws Exception {
        Optional<Path> jdk = Cli.jdkNewerThan17();
        assumeTrue(jdk.isPresent(), "no JDK newer than 17 installed");
        String password = "Kødpålæg-æøå";
        Cli.keytool(jdk.get(), dir, "-genkeypair", "-keystore", "nonascii.p12", "-storetype", "PKCS12", "-alias", "system",
                "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=system", "-validity", "30",
                "-storepass:file", Cli.passwordFile(dir, "nonascii", password).toString());

        Credential credential = reader.read(dir.resolve("nonascii.p12"), password.toCharArray());

        assertReadable(credential);
        assertThat(credential.privateKey()).isNotNull();
        assertThat(credential.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=system");
    }

    @Test
    void wrongPasswordIsIncorrect() throws Exception {
        Path store = genkeypair("store.p12", "system", Cli.passwordFile(dir, "store", "Secret-123"));

        assertFinding(reader.read(store, "Secret-124".toCharArray()), FindingCode.PASSWORD_INCORRECT, "Secret-124");
    }

    @Test
    void twoKeyEntriesAreMultipleKeys() throws Exception {
        Path passwordFile = Cli.passwordFile(dir, "two", "Secret-123");
        genkeypair("two.p12", "first", passwordFile);
        Path store = genkeypair("two.p12", "second", passwordFile);

        Credential credential = reader.read(store, "Secret-123".toCharArray());

        assertFinding(credential, FindingCode.MULTIPLE_KEYS, "Secret-123");
        assertThat(credential.privateKey()).isNull();
        assertThat(credential.otherCertificates()).hasSize(1);
    }

    @Test
    void trustedCertificateEntryOnlyHasNoPrivateKey() throws Exception {
        Path passwordFile = Cli.passwordFile(dir, "trust", "Secret-123");
        Path source = genkeypair("source.p12", "system", passwordFile);
        Cli.keytool(dir, "-exportcert", "-keystore", source.toString(), "-alias", "system", "-file", "system.cer",
                "-storepass:file", passwordFile.toString());
        Cli.keytool(dir, "-importcert", "-noprompt", "-keystore", "trust.p12", "-storetype", "PKCS12",
                "-alias", "system", "-file", "system.cer", "-storepass:file", passwordFile.toString());

        Credential credential = reader.read(dir.resolve("trust.p12"), "Secret-123".toCharArray());

        assertFinding(credential, FindingCode.NO_PRIVATE_KEY, "Secret-123");
        assertThat(credential.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=system");
    }
}
