package dk.certflow.pem;

import dk.certflow.crypto.BouncyCastle;
import dk.certflow.files.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.crypto.util.PBKDF2Config;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * Writes the PEM files of {@code certflow convert}: {@value #CERTIFICATE_FILE} (the leaf),
 * {@value #CHAIN_FILE} (leaf first, then the rest of the chain in the order given) and
 * {@value #PRIVATE_KEY_FILE} (PKCS#8, per {@link PrivateKeyMode}). Every file is owner-only and replaced
 * atomically (see {@link AtomicFiles}).
 *
 * <p>Encrypted keys use PBES2: PBKDF2-HMAC-SHA256 with a random 16-byte salt and AES-256-CBC, the format
 * {@code openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256} writes. The password's characters are
 * encoded as UTF-8, as OpenSSL takes the bytes of a password file.
 */
public final class PemWriter {

    public static final String CERTIFICATE_FILE = "certificate.pem";
    public static final String CHAIN_FILE = "chain.pem";
    public static final String PRIVATE_KEY_FILE = "private-key.pem";

    /**
     * PBKDF2 iterations. OpenSSL 3 itself writes 2048; OWASP suggests 600,000 for HMAC-SHA256. 100,000 costs
     * about 70 ms per key here (600,000: about 420 ms), paid once per conversion and once per decryption.
     */
    public static final int DEFAULT_ITERATIONS = 100_000;

    private static final int SALT_BYTES = 16;
    private static final Base64.Encoder PEM_BASE64 =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private final int iterationCount;
    private final SecureRandom random = new SecureRandom();

    public PemWriter() {
        this(DEFAULT_ITERATIONS);
    }

    public PemWriter(int iterationCount) {
        if (iterationCount < 1) {
            throw new IllegalArgumentException("iteration count must be positive, was " + iterationCount);
        }
        this.iterationCount = iterationCount;
    }

    /**
     * Writes the PEM files into {@code outDir}, creating it owner-only if missing.
     *
     * @param chain the certificate chain, leaf first; if it does not start with {@code leaf}, the leaf is put first
     * @param key the private key, or {@code null} for a certificate without key: then no key file is written
     * @param password for {@link PrivateKeyMode#ENCRYPTED}; only read, the caller owns and clears it
     * @return the files written, in the order written
     * @throws IllegalArgumentException before anything is written, if ENCRYPTED is asked with a null or
     *         empty password, or the key cannot be exported as PKCS#8
     */
    public List<Path> write(Path outDir, X509Certificate leaf, List<X509Certificate> chain, PrivateKey key,
                            PrivateKeyMode mode, char[] password) throws IOException {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(mode, "mode");

        byte[] certificatePem = ascii(toPem(leaf));
        byte[] chainPem = ascii(toPem(leafFirst(leaf, chain)));
        byte[] keyPem = key == null || mode == PrivateKeyMode.NONE ? null : privateKeyPem(key, mode, password);
        try {
            AtomicFiles.createOwnerOnlyDirectories(outDir);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(CERTIFICATE_FILE, certificatePem);
            files.put(CHAIN_FILE, chainPem);
            if (keyPem != null) {
                files.put(PRIVATE_KEY_FILE, keyPem);
            }
            AtomicFiles.writeAll(outDir, files);
            return files.keySet().stream().map(outDir::resolve).toList();
        } finally {
            if (keyPem != null) {
                Arrays.fill(keyPem, (byte) 0);
            }
        }
    }

    /**
     * The PEM text of {@code key}: {@code ENCRYPTED PRIVATE KEY} or {@code PRIVATE KEY}. The caller owns
     * the returned array and should clear it after use.
     */
    public byte[] privateKeyPem(PrivateKey key, PrivateKeyMode mode, char[] password) {
        Objects.requireNonNull(key, "key");
        return switch (mode) {
            case ENCRYPTED -> encryptedPem(key, password);
            case PLAIN -> plainPem(key);
            case NONE -> throw new IllegalArgumentException("private key mode none writes no key");
        };
    }

    /** One certificate as PEM ({@code BEGIN CERTIFICATE}), lines of 64 characters, ending in a newline. */
    public static String toPem(X509Certificate certificate) {
        try {
            return new String(pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** Several certificates as concatenated PEM blocks, in the order given. */
    public static String toPem(List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        certificates.forEach(certificate -> text.append(toPem(certificate)));
        return text.toString();
    }

    private byte[] encryptedPem(PrivateKey key, char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("An encrypted private key needs a non-empty password;"
                    + " choose private key mode 'plain' or 'none' to write the key without one");
        }
        byte[] pkcs8 = pkcs8(key);
        try {
            OutputEncryptor encryptor = new JcePKCSPBEOutputEncryptorBuilder(
                    new PBKDF2Config.Builder()
                            .withIterationCount(iterationCount)
                            .withPRF(PBKDF2Config.PRF_SHA256)
                            .withSaltLength(SALT_BYTES)
                            .build(),
                    NISTObjectIdentifiers.id_aes256_CBC)
                    .setProvider(BouncyCastle.PROVIDER)
                    .setRandom(random)
                    .build(password);
            return pem("ENCRYPTED PRIVATE KEY", new PKCS8EncryptedPrivateKeyInfoBuilder(pkcs8).build(encryptor).getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot encrypt the private key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static byte[] plainPem(PrivateKey key) {
        byte[] pkcs8 = pkcs8(key);
        try {
            return pem("PRIVATE KEY", pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static byte[] pkcs8(PrivateKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equalsIgnoreCase(key.getFormat())) {
            throw new IllegalArgumentException("the " + key.getAlgorithm() + " private key cannot be exported as PKCS#8");
        }
        return encoded;
    }

    /**
     * RFC 7468 text encoding, built in byte arrays this class owns (rather than Strings) so the plain key's
     * copies can be cleared.
     */
    private static byte[] pem(String label, byte[] der) {
        byte[] header = ascii("-----BEGIN " + label + "-----\n");
        byte[] footer = ascii("\n-----END " + label + "-----\n");
        byte[] body = PEM_BASE64.encode(der);
        byte[] pem = new byte[header.length + body.length + footer.length];
        System.arraycopy(header, 0, pem, 0, header.length);
        System.arraycopy(body, 0, pem, header.length, body.length);
        System.arraycopy(footer, 0, pem, header.length + body.length, footer.length);
        Arrays.fill(body, (byte) 0);
        return pem;
    }

    private static List<X509Certificate> leafFirst(X509Certificate leaf, List<X509Certificate> chain) {
        if (!chain.isEmpty() && chain.get(0).equals(leaf)) {
            return chain;
        }
        List<X509Certificate> withLeaf = new ArrayList<>(chain.size() + 1);
        withLeaf.add(leaf);
        withLeaf.addAll(chain);
        return withLeaf;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
