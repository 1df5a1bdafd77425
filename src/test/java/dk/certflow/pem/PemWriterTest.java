package dk.certflow.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemWriterTest {

    private static final String PASSWORD = "correct horse battery staple";

    private static TestPki pki;

    @TempDir
    Path temp;

    private final PemWriter writer = new PemWriter();

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.create();
    }

    @Test
    void certificateFileHoldsTheLeafWithOpenSslsFingerprint() throws Exception {
        Path out = writeEncrypted(PASSWORD);

        String output = OpenSsl.ok("x509", "-in", out.resolve("certificate.pem").toString(), "-noout", "-fingerprint", "-sha256");

        String openSslFingerprint = output.substring(output.indexOf('=') + 1).strip().replace(":", "");
        String javaFingerprint = HexFormat.of().withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(pki.leaf().getEncoded()));
        assertThat(openSslFingerprint).isEqualTo(javaFingerprint);
        assertThat(readCertificates(out.resolve("certificate.pem"))).containsExactly(pki.leaf());
    }

    @Test
    void openSslVerifiesTheLeafAgainstTheWrittenChain() throws Exception {
        Path out = writeEncrypted(PASSWORD);
        Path root = Files.writeString(temp.resolve("root.pem"), PemWriter.toPem(pki.root()));
        Path intermediate = Files.writeString(temp.resolve("intermediate.pem"), PemWriter.toPem(pki.intermediate()));

        String output = OpenSsl.ok("verify", "-CAfile", root.toString(), "-untrusted", intermediate.toString(),
                out.resolve("certificate.pem").toString());

        assertThat(output.strip()).endsWith(": OK");
    }

    @Test
    void chainFileHoldsLeafThenIntermediateThenRoot() throws Exception {
        Path out = writeEncrypted(PASSWORD);

        assertThat(readCertificates(out.resolve("chain.pem")))
                .containsExactly(pki.leaf(), pki.intermediate(), pki.root());
        // openssl verify takes the untrusted certificates from chain.pem as written
        String output = OpenSsl.ok("verify", "-CAfile", Files.writeString(temp.resolve("root.pem"), PemWriter.toPem(pki.root())).toString(),
                "-untrusted", out.resolve("chain.pem").toString(), out.resolve("certificate.pem").toString());
        assertThat(output.strip()).endsWith(": OK");
    }

    @Test
    void chainWithoutTheLeafGetsTheLeafFirst() throws Exception {
        Path out = temp.resolve("out");

        writer.write(out, pki.leaf(), List.of(pki.intermediate()), null, PrivateKeyMode.NONE, null);

        assertThat(readCertificates(out.resolve("chain.pem"))).containsExactly(pki.leaf(), pki.intermediate());
    }

    @Test
    void encryptedKeyIsAes256Pbes2AndOpenSslDecryptsItToTheLeafsKey() throws Exception {
        Path out = writeEncrypted(PASSWORD);
        Path key = out.resolve("private-key.pem");

        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
        assertThat(publicKeyFromOpenSsl(key, passwordFile(PASSWORD))).isEqualTo(pki.leaf().getPublicKey().getEncoded());
        String structure = OpenSsl.ok("asn1parse", "-in", key.toString());
        assertThat(structure).contains(":PBES2", ":PBKDF2", ":hmacWithSHA256", ":aes-256-cbc")
                .containsPattern("INTEGER\\s+:0?186A0\\b"); // 100,000 iterations
    }

    @Test
    void encryptedKeyIsRefusedWithAWrongPassword() throws Exception {
        Path out = writeEncrypted(PASSWORD);

        OpenSsl.Result result = OpenSsl.run("pkey", "-in", out.resolve("private-key.pem").toString(),
                "-passin", "file:" + passwordFile("wrong password"), "-pubout");

        assertThat(result.exitCode()).isNotZero();
    }

    @Test
    void nonAsciiPasswordIsEncodedAsUtf8LikeOpenSslReadsIt() throws Exception {
        String password = "Kødpålæg-æøå";
        Path out = writeEncrypted(password);

        assertThat(publicKeyFromOpenSsl(out.resolve("private-key.pem"), passwordFile(password)))
                .isEqualTo(pki.leaf().getPublicKey().getEncoded());
        Path latin1 = Files.write(temp.resolve("latin1.txt"), password.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(OpenSsl.run("pkey", "-in", out.resolve("private-key.pem").toString(), "-passin", "file:" + latin1, "-pubout").exitCode())
                .as("the same characters in another encoding are another password").isNotZero();
    }

    @Test
    void plainKeyIsReadableWithoutPassword() throws Exception {
        Path out = temp.resolve("out");

        writer.write(out, pki.leaf(), pki.chain(), pki.leafKey(), PrivateKeyMode.PLAIN, null);

        Path key = out.resolve("private-key.pem");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        Path publicKey = temp.resolve("public.der");
        OpenSsl.ok("pkey", "-in", key.toString(), "-pubout", "-outform", "DER", "-out", publicKey.toString());
        assertThat(Files.readAllBytes(publicKey)).isEqualTo(pki.leaf().getPublicKey().getEncoded());
    }

    @Test
    void noneModeWritesNoKey() throws Exception {
        Path out = temp.resolve("out");

        List<Path> written = writer.write(out, pki.leaf(), pki.chain(), pki.leafKey(), PrivateKeyMode.NONE, PASSWORD.toCharArray());

        assertThat(written).containsExactly(out.resolve("certificate.pem"), out.resolve("chain.pem"));
        assertThat(fileNames(out)).containsExactlyInAnyOrder("certificate.pem", "chain.pem");
    }

    @Test
    void missingKeyWritesOnlyCertificatesAndNeedsNoPassword() throws Exception {
        Path out = temp.resolve("out");

        List<Path> written = writer.write(out, pki.leaf(), pki.chain(), null, PrivateKeyMode.ENCRYPTED, null);

        assertThat(written).containsExactly(out.resolve("certificate.pem"), out.resolve("chain.pem"));
    }

    @Test
    void filesAreOwnerOnlyAndNewDirectoriesToo() throws Exception {
        Path out = temp.resolve("a/b/out");

        List<Path> written = writer.write(out, pki.leaf(), pki.chain(), pki.leafKey(), PrivateKeyMode.ENCRYPTED, PASSWORD.toCharArray());

        assertThat(written).containsExactly(out.resolve("certificate.pem"), out.resolve("chain.pem"), out.resolve("private-key.pem"));
        for (Path file : written) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
        }
        for (Path directory : List.of(temp.resolve("a"), temp.resolve("a/b"), out)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).as(directory.toString()).isEqualTo("rwx------");
        }
    }

    @Test
    void encryptedWithoutPasswordIsRefusedBeforeAnythingIsWritten() {
        Path out = temp.resolve("out");

        for (char[] password : new char[][] {null, new char[0]}) {
            assertThatThrownBy(() -> writer.write(out, pki.leaf(), pki.chain(), pki.leafKey(), PrivateKeyMode.ENCRYPTED, password))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'plain'")
                    .hasMessageContaining("'none'");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void existingFilesAreReplacedByRenameAndNoTemporaryFilesRemain() throws Exception {
        Path out = Files.createDirectory(temp.resolve("out"));
        Path key = Files.writeString(out.resolve("private-key.pem"), "old key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Path oldInode = Files.createLink(temp.resolve("old-key-link"), key);

        writer.write(out, pki.leaf(), pki.chain(), pki.leafKey(), PrivateKeyMode.PLAIN, null);

        // a new file was renamed over the name: the old inode keeps the old bytes, nothing was rewritten in place
        assertThat(Files.readString(oldInode)).isEqualTo("old key");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(fileNames(out)).containsExactlyInAnyOrder("certificate.pem", "chain.pem", "private-key.pem");
    }

    @Test
    void writingTwiceGivesAFreshSaltAndStillDecrypts() throws Exception {
        Path out = writeEncrypted(PASSWORD);
        String first = Files.readString(out.resolve("private-key.pem"));

        writeEncrypted(PASSWORD);

        assertThat(Files.readString(out.resolve("private-key.pem"))).isNotEqualTo(first);
        assertThat(publicKeyFromOpenSsl(out.resolve("private-key.pem"), passwordFile(PASSWORD)))
                .isEqualTo(pki.leaf().getPublicKey().getEncoded());
        assertThat(fileNames(out)).containsExactlyInAnyOrder("certificate.pem", "chain.pem", "private-key.pem");
    }

    @Test
    void toPemIsStandardPem() {
        String pem = PemWriter.toPem(pki.leaf());

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("\n-----END CERTIFICATE-----\n");
        assertThat(pem.lines().filter(line -> !line.startsWith("-----"))).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
    }

    private Path writeEncrypted(String password) throws Exception {
        Path out = temp.resolve("out");
        char[] chars = password.toCharArray();
        writer.write(out, pki.leaf(), pki.chain(), pki.leafKey(), PrivateKeyMode.ENCRYPTED, chars);
        assertThat(chars).as("the caller's password is left intact").isEqualTo(password.toCharArray());
        return out;
    }

    private Path passwordFile(String password) throws Exception {
        Path file = Files.createTempFile(temp, "password", ".txt");
        Files.writeString(file, password, StandardCharsets.UTF_8);
        return file;
    }

    private byte[] publicKeyFromOpenSsl(Path key, Path passwordFile) throws Exception {
        Path publicKey = Files.createTempFile(temp, "public", ".der");
        OpenSsl.ok("pkey", "-in", key.toString(), "-passin", "file:" + passwordFile, "-pubout", "-outform", "DER", "-out", publicKey.toString());
        return Files.readAllBytes(publicKey);
    }

    private static List<Certificate> readCertificates(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    private static List<String> fileNames(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
