package dk.certflow.pkcs12;

import dk.certflow.findings.Finding;
import dk.certflow.findings.FindingCode;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.cryptopro.CryptoProObjectIdentifiers;
import org.bouncycastle.asn1.cryptopro.GOST28147Parameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.rosstandart.RosstandartObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static dk.certflow.pkcs12.CredentialAssertions.assertFinding;
import static dk.certflow.pkcs12.CredentialAssertions.assertReadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every PKCS#12 writer this machine can install, each with its variants, writing the same key, certificate and CA at
 * test time. Each file must open with the right password and yield exactly what was put in, and be
 * PASSWORD_INCORRECT with a wrong one; a file using an unsupported algorithm (GOST) must be UNREADABLE either way.
 * A missing tool skips its rows on a developer machine and fails them under CI=true (see {@link Cli#requireTool}).
 */
class InteropMatrixTest {

    private static final String PASSWORD = "Secret-123";
    private static final String WRONG = "Secret-124";

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static final Map<Variant, Path> WRITTEN = new ConcurrentHashMap<>();

    private final CredentialReader reader = new CredentialReader(Pkcs12Limits.defaults());

    /** How one writer makes one file in dir from leaf.key, leaf.crt and ca.crt, protected by PASSWORD. */
    interface Write {
        Path to(String name) throws Exception;
    }

    record Variant(String writer, String name, boolean supported, Write write) {
        @Override
        public String toString() {
            return writer + " " + name;
        }

        String fileName() {
            return (writer + "-" + name).replaceAll("[^A-Za-z0-9.-]", "_");
        }
    }

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(dir);
        Files.writeString(dir.resolve("chain.crt"),
                Files.readString(pki.path("leaf.crt")) + Files.readString(pki.path("ca.crt")));
    }

    static Stream<Variant> variants() throws IOException {
        List<Variant> variants = new ArrayList<>();
        openssl(variants);
        keytool(variants, "keytool 17", Path.of(System.getProperty("java.home")));
        Optional<Path> newer = Cli.jdkNewerThan17();
        keytool(variants, "keytool " + newer.map(Cli::majorVersion).map(String::valueOf).orElse("newer than 17"),
                newer.orElse(null));
        certtool(variants);
        pk12util(variants);
        python(variants);
        bouncyCastle(variants);
        return variants.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void opensWithTheRightPassword(Variant variant) throws Exception {
        Credential credential = reader.read(written(variant), PASSWORD.toCharArray());

        if (!variant.supported()) {
            assertUnsupported(credential);
            return;
        }
        assertReadable(credential);
        assertThat(credential.kind()).isEqualTo(Credential.Kind.PKCS12);
        assertThat(credential.leaf()).isEqualTo(pki.certificate("leaf.crt"));
        assertThat(credential.otherCertificates()).containsExactly(pki.certificate("ca.crt"));
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) credential.privateKey();
        RSAPrivateCrtKey expected = (RSAPrivateCrtKey) new BcWriter(pki).key;
        assertThat(key.getModulus()).isEqualTo(expected.getModulus());
        assertThat(key.getPrivateExponent()).isEqualTo(expected.getPrivateExponent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void wrongPasswordIsIncorrect(Variant variant) throws Exception {
        Credential credential = reader.read(written(variant), WRONG.toCharArray());

        if (!variant.supported()) {
            assertUnsupported(credential);
            return;
        }
        assertFinding(credential, FindingCode.PASSWORD_INCORRECT, WRONG);
        assertThat(credential.privateKey()).isNull();
    }

    private static void assertUnsupported(Credential credential) {
        assertFinding(credential, FindingCode.UNREADABLE, PASSWORD);
        Finding finding = credential.findings().get(0);
        assertThat(finding.message()).contains("unsupported algorithm 1.2.643.").contains("AES-256");
    }

    /** Each file is written once and read by both tests. */
    private static Path written(Variant variant) throws Exception {
        Path file = WRITTEN.get(variant);
        if (file == null) {
            file = variant.write().to(variant.fileName() + ".p12");
            WRITTEN.put(variant, file);
        }
        return file;
    }

    // --- openssl -------------------------------------------------------------------------------------------------

    private static void openssl(List<Variant> variants) {
        Map<String, String[]> options = new java.util.LinkedHashMap<>();
        options.put("default", new String[0]);
        options.put("-legacy", new String[]{"-legacy"});
        options.put("-nomac", new String[]{"-nomac"});
        options.put("-descert", new String[]{"-descert"});
        options.put("AES-256-CBC", new String[]{"-keypbe", "AES-256-CBC", "-certpbe", "AES-256-CBC"});
        options.put("AES-128-CBC", new String[]{"-keypbe", "AES-128-CBC", "-certpbe", "AES-128-CBC"});
        options.put("PBE-SHA1-3DES", new String[]{"-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES"});
        options.put("NONE", new String[]{"-keypbe", "NONE", "-certpbe", "NONE"});
        options.put("-macalg sha512", new String[]{"-macalg", "sha512"});
        options.put("-macalg sha1", new String[]{"-macalg", "sha1"});
        options.put("2DES key, RC2-128 certs", new String[]{"-legacy", "-keypbe", "PBE-SHA1-2DES", "-certpbe", "PBE-SHA1-RC2-128"});
        options.put("RC4", new String[]{"-legacy", "-keypbe", "PBE-SHA1-RC4-128", "-certpbe", "PBE-SHA1-RC4-40"});
        options.forEach((name, extra) -> variants.add(new Variant("openssl", name, true, file -> {
            Cli.requireTool(Cli.onPath("openssl").isPresent(), "openssl");
            opensslExport(file, extra);
            return dir.resolve(file);
        })));
    }

    private static void opensslExport(String file, String... extra) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("pkcs12", "-export", "-name", "leaf", "-inkey", "leaf.key",
                "-in", "leaf.crt", "-certfile", "ca.crt", "-out", file,
                "-passout", "file:" + Cli.passwordFile(dir, file, PASSWORD)));
        arguments.addAll(Arrays.asList(extra));
        Cli.openssl(dir, arguments.toArray(String[]::new));
    }

    // --- keytool -------------------------------------------------------------------------------------------------

    /** keytool -importkeystore writes the openssl file's key and chain anew in keytool's own format. */
    private static void keytool(List<Variant> variants, String writer, Path javaHome) {
        Map<String, String[]> options = new java.util.LinkedHashMap<>();
        options.put("default", new String[0]);
        options.put("legacy", new String[]{"-J-Dkeystore.pkcs12.legacy"});
        options.put("SHA-512", new String[]{"-J-Dkeystore.pkcs12.macAlgorithm=HmacPBESHA512",
                "-J-Dkeystore.pkcs12.keyProtectionAlgorithm=PBEWithHmacSHA512AndAES_256",
                "-J-Dkeystore.pkcs12.certProtectionAlgorithm=PBEWithHmacSHA512AndAES_128"});
        options.put("no MAC, certificates unencrypted", new String[]{"-J-Dkeystore.pkcs12.macAlgorithm=NONE",
                "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE"});
        options.forEach((name, extra) -> variants.add(new Variant(writer, name, true, file -> {
            // JDKs other than Debian's 17 do not come from Debian, so .ci/run cannot install them: skip, also in CI
            assumeTrue(javaHome != null, "no JDK newer than 17 installed");
            String source = file + ".source.p12";
            opensslExport(source);
            Path passwordFile = Cli.passwordFile(dir, file, PASSWORD);
            List<String> arguments = new ArrayList<>(Arrays.asList(extra));
            arguments.addAll(List.of("-importkeystore", "-noprompt",
                    "-srckeystore", source, "-srcstoretype", "PKCS12", "-srcstorepass:file", passwordFile.toString(),
                    "-destkeystore", file, "-deststoretype", "PKCS12", "-deststorepass:file", passwordFile.toString()));
            Cli.keytool(javaHome, dir, arguments.toArray(String[]::new));
            return dir.resolve(file);
        })));
    }

    // --- GnuTLS certtool -----------------------------------------------------------------------------------------

    private static void certtool(List<Variant> variants) {
        Map<String, String[]> options = new java.util.LinkedHashMap<>();
        options.put("default", new String[0]);
        options.put("aes-256", new String[]{"--pkcs-cipher", "aes-256"});
        options.put("3des", new String[]{"--pkcs-cipher", "3des"});
        options.put("3des-pkcs12", new String[]{"--pkcs-cipher", "3des-pkcs12"});
        options.put("rc2-40", new String[]{"--pkcs-cipher", "rc2-40"});
        options.put("arcfour", new String[]{"--pkcs-cipher", "arcfour"});
        options.put("--hash SHA512", new String[]{"--hash", "SHA512"});
        options.put("gost28147-tc26z", new String[]{"--pkcs-cipher", "gost28147-tc26z"});
        options.forEach((name, extra) -> variants.add(new Variant("certtool", name, !name.startsWith("gost"), file -> {
            Cli.requireTool(Cli.onPath("certtool").isPresent(), "certtool (Debian package gnutls-bin)");
            // certtool takes the password from a template file (or the command line, which we avoid)
            Path template = dir.resolve(file + ".template");
            Files.writeString(template, "password = \"" + PASSWORD + "\"\n", StandardCharsets.UTF_8);
            List<String> arguments = new ArrayList<>(List.of("certtool", "--to-p12", "--outder", "--p12-name", "leaf",
                    "--load-privkey", "leaf.key", "--load-certificate", "chain.crt", "--template", template.toString(),
                    "--outfile", file));
            arguments.addAll(Arrays.asList(extra));
            Cli.run(dir, arguments.toArray(String[]::new));
            return dir.resolve(file);
        })));
    }

    // --- NSS pk12util --------------------------------------------------------------------------------------------

    private static void pk12util(List<Variant> variants) {
        String des3 = "PKCS #12 V2 PBE With SHA-1 And 3KEY Triple DES-CBC";
        Map<String, String[]> options = new java.util.LinkedHashMap<>();
        options.put("default", new String[0]);
        options.put("3DES, SHA-1 MAC", new String[]{"-c", des3, "-C", des3, "-M", "SHA-1"});
        options.put("AES-128 key, AES-256 certificates, SHA-512 MAC",
                new String[]{"-c", "AES-128-CBC", "-C", "AES-256-CBC", "-M", "SHA-512"});
        options.put("certificates unencrypted", new String[]{"-C", "none"});
        options.forEach((name, extra) -> variants.add(new Variant("pk12util", name, true, file -> {
            Cli.requireTool(Cli.onPath("pk12util").isPresent() && Cli.onPath("certutil").isPresent(),
                    "pk12util and certutil (Debian package libnss3-tools)");
            Path db = nssDatabase();
            List<String> arguments = new ArrayList<>(List.of("pk12util", "-o", file, "-n", "leaf", "-d", "sql:" + db,
                    "-k", dir.resolve("nss-db.pass").toString(),
                    "-w", Cli.passwordFile(dir, file, PASSWORD).toString()));
            arguments.addAll(Arrays.asList(extra));
            Cli.run(dir, arguments.toArray(String[]::new));
            return dir.resolve(file);
        })));
    }

    /** An NSS database holding the leaf key and chain, imported once from an openssl file. */
    private static synchronized Path nssDatabase() throws IOException {
        Path db = dir.resolve("nssdb");
        if (!Files.isDirectory(db)) {
            Files.createDirectory(db);
            Path dbPassword = Cli.passwordFile(dir, "nss-db", "Db-Secret-1");
            Cli.run(dir, "certutil", "-N", "-d", "sql:" + db, "-f", dbPassword.toString());
            opensslExport("nss-source.p12");
            Cli.run(dir, "pk12util", "-i", "nss-source.p12", "-d", "sql:" + db, "-k", dbPassword.toString(),
                    "-w", Cli.passwordFile(dir, "nss-source", PASSWORD).toString());
        }
        return db;
    }

    // --- Python cryptography -------------------------------------------------------------------------------------

    private static void python(List<Variant> variants) {
        for (String name : List.of("best", "PBESv1SHA1And3KeyTripleDESCBC-SHA1", "PBESv2SHA256AndAES256CBC-SHA256",
                "PBESv2SHA256AndAES256CBC-SHA1")) {
            variants.add(new Variant("python cryptography", name, true, file -> {
                Optional<String> python = pythonWithCryptography();
                Cli.requireTool(python.isPresent(), "python3 with cryptography >= 38 (Debian package python3-cryptography)");
                Path script = dir.resolve("write-p12.py");
                try (InputStream in = InteropMatrixTest.class.getResourceAsStream("/pkcs12/write-p12.py")) {
                    Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                // the script reads the password from the environment, never from its arguments
                Cli.run(dir, Map.of("P12_PASSWORD", PASSWORD), python.get(), script.toString(), name, file);
                return dir.resolve(file);
            }));
        }
    }

    /** Debian's /usr/bin/python3 first (python3 on the PATH may be another Python), else python3 on the PATH. */
    private static Optional<String> pythonWithCryptography() {
        List<String> candidates = new ArrayList<>(List.of("/usr/bin/python3"));
        Cli.onPath("python3").ifPresent(path -> candidates.add(path.toString()));
        return candidates.stream()
                .filter(python -> Cli.succeeds(python, "-c",
                        "from cryptography.hazmat.primitives.serialization import PrivateFormat, pkcs12; "
                                + "PrivateFormat.PKCS12.encryption_builder; pkcs12.PBES"))
                .findFirst();
    }

    // --- BouncyCastle: Windows / .NET shapes, PBMAC1, GOST -------------------------------------------------------

    private static void bouncyCastle(List<Variant> variants) {
        char[] password = PASSWORD.toCharArray();
        ASN1ObjectIdentifier des3 = PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC;
        AlgorithmIdentifier bareSha256Prf = BcWriter.bare(PKCSObjectIdentifiers.id_hmacWithSHA256);
        bc(variants, "Windows store export: 3DES, SHA-1 MAC without NULL, 2000 iterations", true, writer -> writer.write(
                BcWriter.pkcs12Pbe(des3, 2000, password), BcWriter.pkcs12Pbe(des3, 2000, password),
                BcWriter.bare(OIWObjectIdentifiers.idSHA1), 2000, password));
        for (ASN1ObjectIdentifier digest : List.of(NISTObjectIdentifiers.id_sha224, NISTObjectIdentifiers.id_sha256,
                NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512)) {
            bc(variants, "3DES, " + SupportedAlgorithms.name(digest) + " MAC without NULL", true, writer -> writer.write(
                    BcWriter.pkcs12Pbe(des3, 2000, password), BcWriter.pkcs12Pbe(des3, 2000, password),
                    BcWriter.bare(digest), 2000, password));
        }
        bc(variants, ".NET: AES-256 PBES2, PRF hmacWithSHA256 and SHA-256 MAC without NULL", true, writer -> writer.write(
                BcWriter.pbes2(NISTObjectIdentifiers.id_aes256_CBC, bareSha256Prf, 2000, password),
                BcWriter.pbes2(NISTObjectIdentifiers.id_aes256_CBC, bareSha256Prf, 2000, password),
                BcWriter.bare(NISTObjectIdentifiers.id_sha256), 2000, password));
        bc(variants, "AES-128 PBES2, PRF hmacWithSHA1 and SHA-1 MAC without NULL", true, writer -> writer.write(
                BcWriter.pbes2(NISTObjectIdentifiers.id_aes128_CBC, BcWriter.bare(PKCSObjectIdentifiers.id_hmacWithSHA1), 2000, password),
                BcWriter.pbes2(NISTObjectIdentifiers.id_aes128_CBC, BcWriter.bare(PKCSObjectIdentifiers.id_hmacWithSHA1), 2000, password),
                BcWriter.bare(OIWObjectIdentifiers.idSHA1), 2000, password));
        bc(variants, "PBMAC1 hmacWithSHA256", true, writer -> writer.writePbmac1(
                BcWriter.pbes2(NISTObjectIdentifiers.id_aes256_CBC, withNull(PKCSObjectIdentifiers.id_hmacWithSHA256), 2000, password),
                null, withNull(PKCSObjectIdentifiers.id_hmacWithSHA256), withNull(PKCSObjectIdentifiers.id_hmacWithSHA256), password));
        bc(variants, "PBMAC1 hmacWithSHA512 without NULL", true, writer -> writer.writePbmac1(
                BcWriter.pbes2(NISTObjectIdentifiers.id_aes256_CBC, bareSha256Prf, 2000, password),
                null, BcWriter.bare(PKCSObjectIdentifiers.id_hmacWithSHA512),
                BcWriter.bare(PKCSObjectIdentifiers.id_hmacWithSHA512), password));
        bc(variants, "GOST R 34.11-2012 MAC digest", false, writer -> BcWriter.withMacDigest(writer.write(
                BcWriter.pkcs12Pbe(des3, 2000, password), null, BcWriter.bare(NISTObjectIdentifiers.id_sha256), 2000, password),
                RosstandartObjectIdentifiers.id_tc26_gost_3411_12_256));
        bc(variants, "PBES2 with GOST HMAC PRF", false, writer -> writer.write(relabelled(
                BcWriter.pbes2(NISTObjectIdentifiers.id_aes256_CBC, bareSha256Prf, 2000, password),
                pbes2(BcWriter.bare(RosstandartObjectIdentifiers.id_tc26_hmac_gost_3411_12_512), new EncryptionScheme(
                        NISTObjectIdentifiers.id_aes256_CBC, new org.bouncycastle.asn1.DEROctetString(new byte[16])))),
                null, BcWriter.bare(NISTObjectIdentifiers.id_sha256), 2000, password));
        bc(variants, "PBES2 with GOST 28147-89 cipher", false, writer -> writer.write(relabelled(
                BcWriter.pbes2(NISTObjectIdentifiers.id_aes256_CBC, bareSha256Prf, 2000, password),
                pbes2(withNull(PKCSObjectIdentifiers.id_hmacWithSHA256), new EncryptionScheme(CryptoProObjectIdentifiers.gostR28147_gcfb,
                        new GOST28147Parameters(new byte[8], CryptoProObjectIdentifiers.id_Gost28147_89_CryptoPro_A_ParamSet)))),
                null, BcWriter.bare(NISTObjectIdentifiers.id_sha256), 2000, password));
    }

    interface BcWrite {
        byte[] write(BcWriter writer) throws Exception;
    }

    private static void bc(List<Variant> variants, String name, boolean supported, BcWrite write) {
        variants.add(new Variant("BouncyCastle", name, supported, file -> {
            byte[] pfx = write.write(new BcWriter(pki));
            assertShape(name, Pfx.getInstance(pfx));
            return Files.write(dir.resolve(file), pfx);
        }));
    }

    /** The files claiming "without NULL" really have no parameters where they say so. */
    private static void assertShape(String name, Pfx pfx) throws Exception {
        if (name.contains("MAC without NULL") || name.startsWith("Windows")) {
            assertThat(pfx.getMacData().getMac().getAlgorithmId().getParameters()).as("MAC digest parameters").isNull();
        }
        if (name.contains("PRF") && name.contains("without NULL")) {
            for (ContentInfo content : new PKCS12PfxPdu(pfx).getContentInfos()) {
                if (PKCSObjectIdentifiers.data.equals(content.getContentType())) {
                    for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(content).getSafeBags()) {
                        PBES2Parameters pbes2 = PBES2Parameters.getInstance(((PKCS8EncryptedPrivateKeyInfo) bag.getBagValue())
                                .getEncryptionAlgorithm().getParameters());
                        AlgorithmIdentifier prf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters()).getPrf();
                        assertThat(prf.getParameters()).as("PRF parameters").isNull();
                    }
                }
            }
        }
    }

    private static AlgorithmIdentifier withNull(ASN1ObjectIdentifier oid) {
        return new AlgorithmIdentifier(oid, DERNull.INSTANCE);
    }

    private static AlgorithmIdentifier pbes2(AlgorithmIdentifier prf, EncryptionScheme scheme) {
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(new byte[16], 2000, prf)), scheme));
    }

    /** Encrypts as the encryptor does but declares another algorithm: a file shaped like one using that algorithm. */
    private static OutputEncryptor relabelled(OutputEncryptor encryptor, AlgorithmIdentifier declared) {
        return new OutputEncryptor() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return declared;
            }

            @Override
            public OutputStream getOutputStream(OutputStream encrypted) {
                return encryptor.getOutputStream(encrypted);
            }

            @Override
            public GenericKey getKey() {
                return encryptor.getKey();
            }
        };
    }
}
