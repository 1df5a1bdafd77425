package dk.certflow.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate with its private key and its chain (the certificate first, then its issuers up to the root).
 * Test and demo material: the key is held in memory unprotected.
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
    }

    @Override
    public String toString() {
        return "IssuedCertificate[" + certificate.getSubjectX500Principal().getName() + "]";
    }

    /** The issuers above the certificate (issuing CA, root), without the certificate itself. */
    public List<X509Certificate> issuers() {
        return chain.subList(1, chain.size());
    }

    /** Writes key and chain as a {@link Pkcs12Style#MODERN} PKCS#12 file. */
    public void writePkcs12(Path file, char[] password, String alias) throws IOException {
        writePkcs12(file, password, alias, Pkcs12Style.MODERN);
    }

    /**
     * Writes key and chain as a PKCS#12 file protected by {@code password}. The file is owner-only and appears
     * atomically (temporary file + rename).
     */
    public void writePkcs12(Path file, char[] password, String alias, Pkcs12Style style) throws IOException {
        try {
            KeyStore store = style.newKeyStore();
            store.load(null, null);
            store.setKeyEntry(alias, privateKey, password, chain.toArray(new Certificate[0]));
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                restrictToOwner(tmp);
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    store.store(out, password);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot write " + style + " PKCS#12 file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        if (Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
