package dk.certflow.demo;

import dk.certflow.files.AtomicFiles;
import dk.certflow.pem.PemWriter;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.pki.Pkcs12Style;
import dk.certflow.pki.PkiProfile;
import dk.certflow.pki.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The demo's throw-away test material: a CA of its own (OCES3 test names, keys made on the spot), one organisation
 * certificate for a made-up organisation, and a bundle of it (PKCS#12 + sidecar with a random password). Every file
 * is named DEMO-ONLY-*; only the demo's own run trusts the CA.
 *
 * @param pkcs12            DEMO-ONLY-organisation.p12
 * @param sidecar           DEMO-ONLY-organisation.properties: the password and environment=test
 * @param caFile            DEMO-ONLY-ca.pem: the demo root and issuing CA, the demo service's only trust anchors
 * @param sha256Fingerprint of the organisation certificate, upper-case hex
 */
public record DemoBundle(Path pkcs12, Path sidecar, Path caFile, String cvr, String sha256Fingerprint, IssuedCertificate issuing) {

    /** Passes the CVR modulus-11 check, and is plainly made up. */
    public static final String CVR = "12345674";
    public static final String ORGANISATION = "certflow DEMO \u2013 not a real certificate";
    public static final String COMMON_NAME = "certflow DEMO system \u2013 test material only";
    static final String NAME = "DEMO-ONLY-organisation";
    /** The demo's CAs are not judged, so small keys save start-up time; the leaf has the size OCES3 requires. */
    private static final int CA_KEY_BITS = 2048;
    private static final int LEAF_KEY_BITS = 3072;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Makes a new test PKI and writes the bundle and the CA file into {@code dir} (owner-only). */
    public static DemoBundle create(Path dir) throws IOException {
        AtomicFiles.createOwnerOnlyDirectories(dir);
        Instant now = Instant.now();
        TestPki pki = TestPki.create(PkiProfile.OCES3_TEST, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)),
                TestPki.rsaKeyPair(CA_KEY_BITS), TestPki.rsaKeyPair(CA_KEY_BITS));
        IssuedCertificate leaf = pki.leaf()
                .commonName(COMMON_NAME)
                .organisation(ORGANISATION)
                .cvr(CVR)
                .keySize(LEAF_KEY_BITS)
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(730)))
                .issue();

        Path caFile = dir.resolve("DEMO-ONLY-ca.pem");
        AtomicFiles.writeString(caFile, PemWriter.toPem(List.of(pki.root().certificate(), pki.issuing().certificate())));
        Path pkcs12 = dir.resolve(NAME + ".p12");
        Path sidecar = dir.resolve(NAME + ".properties");
        byte[] password = randomPassword();
        char[] passwordChars = new String(password, StandardCharsets.US_ASCII).toCharArray();
        byte[] sidecarContent = sidecar(password);
        try {
            leaf.writePkcs12(pkcs12, passwordChars, "DEMO-ONLY", Pkcs12Style.MODERN);
            AtomicFiles.write(sidecar, sidecarContent);
        } finally {
            Arrays.fill(password, (byte) 0);
            Arrays.fill(passwordChars, '\0');
            Arrays.fill(sidecarContent, (byte) 0);
        }
        return new DemoBundle(pkcs12, sidecar, caFile, CVR, fingerprint(leaf), pki.issuing());
    }

    /** 144 random bits as URL-safe Base64: ASCII, as the JDK's PKCS#12 writer needs, and nothing to escape in a sidecar. */
    private static byte[] randomPassword() {
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encode(random);
    }

    private static byte[] sidecar(byte[] password) {
        byte[] head = ("# DEMO ONLY: throw-away test material made by 'certflow demo'; trusted by nothing but the demo.\n"
                + "environment=test\n"
                + "password=").getBytes(StandardCharsets.US_ASCII);
        byte[] content = Arrays.copyOf(head, head.length + password.length + 1);
        System.arraycopy(password, 0, content, head.length, password.length);
        content[content.length - 1] = '\n';
        return content;
    }

    private static String fingerprint(IssuedCertificate leaf) {
        try {
            return HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(leaf.certificate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
