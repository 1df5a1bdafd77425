package dk.certflow.pkcs12;

import dk.certflow.findings.FindingCode;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.AuthenticatedSafe;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.SafeBag;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dk.certflow.pkcs12.CredentialAssertions.assertFinding;
import static dk.certflow.pkcs12.CredentialAssertions.assertReadable;
import static org.assertj.core.api.Assertions.assertThat;

/** Declared iteration counts are checked before any key is derived. */
class IterationLimitTest {

    private static final int BOMB = 2_000_000_000;
    private static final String PASSWORD = "Secret-123";

    @TempDir
    static Path dir;

    private final CredentialReader reader = new CredentialReader(Pkcs12Limits.defaults());

    @BeforeAll
    static void makePki() {
        TestPki.create(dir);
    }

    @Test
    void opensslIterationsAboveTheLimitAreRefused() throws Exception {
        Path passwordFile = Cli.passwordFile(dir, "iter", PASSWORD);
        Cli.openssl(dir, "pkcs12", "-export", "-iter", "5000", "-maciter", "-inkey", "leaf.key", "-in", "leaf.crt",
                "-out", "iter.p12", "-passout", "file:" + passwordFile);
        Path p12 = dir.resolve("iter.p12");

        Credential refused = new CredentialReader(new Pkcs12Limits(1_048_576, 4999)).read(p12, PASSWORD.toCharArray());
        Credential accepted = new CredentialReader(new Pkcs12Limits(1_048_576, 5000)).read(p12, PASSWORD.toCharArray());

        assertFinding(refused, FindingCode.ITERATION_LIMIT, PASSWORD);
        assertThat(refused.findings().get(0).message()).contains("5000", "4999");
        assertReadable(accepted);
    }

    @Test
    void macDeclaringTwoBillionIterationsIsRefusedFast() throws Exception {
        MacData mac = new MacData(new DigestInfo(sha1(), new byte[20]), new byte[8], BOMB);

        assertRefusedFast(pfx(mac, plain(shroudedKey(pkcs12Pbe(2048)))));
    }

    @Test
    void pbmac1DeclaringAHugeKeyLengthIsRefusedFastAsUnreadable() throws Exception {
        AlgorithmIdentifier hmacSha256 = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);
        org.bouncycastle.asn1.pkcs.PBMAC1Params params = new org.bouncycastle.asn1.pkcs.PBMAC1Params(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(new byte[16], 1000, Integer.MAX_VALUE, hmacSha256)),
                hmacSha256);
        MacData mac = new MacData(new DigestInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBMAC1, params), new byte[32]),
                new byte[8], 1);

        long start = System.nanoTime();
        Credential credential = reader.read(pfx(mac, plain(shroudedKey(pkcs12Pbe(2048)))), "bomb.p12", PASSWORD.toCharArray());

        assertFinding(credential, FindingCode.UNREADABLE, PASSWORD);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    }

    @Test
    void shroudedKeyDeclaringTwoBillionIterationsIsRefusedFast() throws Exception {
        assertRefusedFast(pfx(null, plain(shroudedKey(pkcs12Pbe(BOMB)))));
    }

    @Test
    void encryptedContentWithPbkdf2DeclaringTwoBillionIterationsIsRefusedFast() throws Exception {
        AlgorithmIdentifier pbes2 = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(new byte[8], BOMB, 32,
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16]))));
        ContentInfo encrypted = new ContentInfo(PKCSObjectIdentifiers.encryptedData,
                new EncryptedData(PKCSObjectIdentifiers.data, pbes2, new DEROctetString(new byte[64])));

        assertRefusedFast(pfx(null, encrypted));
    }

    /** The bomb hides inside encrypted content: it can only be seen after decryption, still before key derivation. */
    @Test
    void shroudedKeyInsideEncryptedContentIsRefusedFast() throws Exception {
        char[] password = PASSWORD.toCharArray();
        byte[] pfx = new PKCS12PfxPduBuilder()
                .addEncryptedData(new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                                .setProvider(new BouncyCastleProvider()).setIterationCount(1000).build(password),
                        new PKCS12SafeBag[]{new PKCS12SafeBag(shroudedKey(pkcs12Pbe(BOMB)))})
                .build(new BcPKCS12MacCalculatorBuilder(), password)
                .getEncoded();

        assertRefusedFast(pfx);
    }

    /** Each key under the limit, but more of them than a certificate file has: the sum over the file is limited too. */
    @Test
    void manyKeysEachUnderTheLimitAreRefusedFast() throws Exception {
        SafeBag[] keys = new SafeBag[20];
        java.util.Arrays.fill(keys, shroudedKey(pkcs12Pbe(900_000)));
        ContentInfo content = new ContentInfo(PKCSObjectIdentifiers.data, new DEROctetString(new DERSequence(keys).getEncoded()));

        long start = System.nanoTime();
        Credential credential = reader.read(pfx(null, content), "bomb.p12", PASSWORD.toCharArray());

        assertFinding(credential, FindingCode.ITERATION_LIMIT, PASSWORD);
        assertThat(credential.findings().get(0).message()).contains("in all", "4000000");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    }

    private void assertRefusedFast(byte[] pfx) {
        long start = System.nanoTime();
        Credential credential = reader.read(pfx, "bomb.p12", PASSWORD.toCharArray());
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertFinding(credential, FindingCode.ITERATION_LIMIT, PASSWORD);
        assertThat(credential.findings().get(0).message()).contains(String.valueOf(BOMB));
        assertThat(elapsedMillis).isLessThan(1000);
    }

    private static AlgorithmIdentifier sha1() {
        return new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE);
    }

    private static AlgorithmIdentifier pkcs12Pbe(int iterations) {
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
                new PKCS12PBEParams(new byte[8], iterations));
    }

    private static SafeBag shroudedKey(AlgorithmIdentifier encryption) {
        return new SafeBag(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag, new EncryptedPrivateKeyInfo(encryption, new byte[64]));
    }

    private static ContentInfo plain(SafeBag bag) throws Exception {
        return new ContentInfo(PKCSObjectIdentifiers.data, new DEROctetString(new DERSequence(bag).getEncoded()));
    }

    private static byte[] pfx(MacData mac, ContentInfo content) throws Exception {
        AuthenticatedSafe safe = new AuthenticatedSafe(new ContentInfo[]{content});
        ContentInfo authSafe = new ContentInfo(PKCSObjectIdentifiers.data, new DEROctetString(safe.getEncoded()));
        return new Pfx(authSafe, mac).getEncoded();
    }
}
