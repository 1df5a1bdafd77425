package dk.certflow.oces;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The certificates the judge trusts: self-signed roots become trust anchors, the others intermediates. */
public final class TrustStore {

    private static final List<String> BUNDLED = List.of(
            "trust/prod-root.pem", "trust/prod-issuing-1.pem", "trust/test-root.pem", "trust/test-issuing-1.pem");

    /** A certificate in PEM (RFC 7468; OpenSSL also writes the older X509 CERTIFICATE label); text around it is ignored. */
    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN (X509 )?CERTIFICATE-----(.*?)-----END \\1?CERTIFICATE-----", Pattern.DOTALL);

    private final List<X509Certificate> anchors;
    private final List<X509Certificate> intermediates;

    private TrustStore(List<X509Certificate> anchors, List<X509Certificate> intermediates) {
        this.anchors = List.copyOf(anchors);
        this.intermediates = List.copyOf(intermediates);
    }

    /** The OCES3 production and test CAs bundled in the jar. */
    public static TrustStore bundled() {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String resource : BUNDLED) {
            try (InputStream in = TrustStore.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("Bundled CA certificate " + resource + " is missing from the classpath");
                }
                certificates.addAll(readPem(new InputStreamReader(in, StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read bundled CA certificate " + resource, e);
            }
        }
        return of(certificates);
    }

    /** A PEM bundle of roots and intermediates (text around the PEM blocks is ignored). */
    public static TrustStore fromPemFile(Path file) throws IOException {
        List<X509Certificate> certificates;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            certificates = readPem(reader);
        } catch (IOException e) {
            throw new IOException("Cannot read CA file " + file + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("CA file " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        try {
            return of(certificates);
        } catch (IllegalArgumentException e) {
            throw new IOException("CA file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Trusts the given certificates; at least one must be a self-signed root. */
    public static TrustStore of(Collection<X509Certificate> certificates) {
        List<X509Certificate> anchors = new ArrayList<>();
        List<X509Certificate> intermediates = new ArrayList<>();
        for (X509Certificate certificate : new LinkedHashSet<>(certificates)) {
            (isSelfSigned(certificate) ? anchors : intermediates).add(certificate);
        }
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("no self-signed root certificate to trust among "
                    + certificates.size() + " certificate(s)");
        }
        return new TrustStore(anchors, intermediates);
    }

    public List<X509Certificate> anchors() {
        return anchors;
    }

    public List<X509Certificate> intermediates() {
        return intermediates;
    }

    Set<TrustAnchor> trustAnchors() {
        Set<TrustAnchor> result = new LinkedHashSet<>();
        anchors.forEach(anchor -> result.add(new TrustAnchor(anchor, null)));
        return result;
    }

    private static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Every CERTIFICATE block of a PEM text, decoded by the JDK's own X.509 factory: this runs at every start, and the
     * JDK's classes come from its shared archive while BouncyCastle's PEM reader costs some 160 classes to load.
     */
    private static List<X509Certificate> readPem(Reader reader) throws IOException {
        StringWriter text = new StringWriter();
        reader.transferTo(text);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher block = PEM_CERTIFICATE.matcher(text.getBuffer());
            while (block.find()) {
                byte[] der = Base64.getMimeDecoder().decode(block.group(2));
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IOException("invalid certificate: " + e.getMessage(), e);
        }
        return certificates;
    }
}
