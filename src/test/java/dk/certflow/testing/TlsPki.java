package dk.certflow.testing;

import dk.certflow.pem.PemWriter;
import dk.certflow.pki.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away TLS PKI for tests: a CA made here, server certificates for loopback (127.0.0.1 and localhost) and
 * client certificates, with the SSL contexts a test server needs.
 */
public final class TlsPki {

    /** A certificate with its key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Issued ca;

    private TlsPki(Issued ca) {
        this.ca = ca;
    }

    public static TlsPki create(String name) {
        KeyPair keys = TestPki.rsaKeyPair(2048);
        return new TlsPki(new Issued(sign(new X500Name("CN=" + name), keys, new X500Name("CN=" + name), keys.getPrivate(), true, null), keys.getPrivate()));
    }

    public X509Certificate ca() {
        return ca.certificate();
    }

    /** A server certificate for 127.0.0.1 and localhost. */
    public Issued server() {
        KeyPair keys = TestPki.rsaKeyPair(2048);
        return new Issued(sign(new X500Name("CN=localhost"), keys, issuer(), ca.key(), false, KeyPurposeId.id_kp_serverAuth), keys.getPrivate());
    }

    public Issued client(String name) {
        KeyPair keys = TestPki.rsaKeyPair(2048);
        return new Issued(sign(new X500Name("CN=" + name), keys, issuer(), ca.key(), false, KeyPurposeId.id_kp_clientAuth), keys.getPrivate());
    }

    /** The CA as a PEM file: what certflow.http.trust-ca-file takes. */
    public Path writeCaPem(Path file) throws IOException {
        Files.writeString(file, PemWriter.toPem(ca.certificate()), StandardCharsets.US_ASCII);
        return file;
    }

    /** A certificate with its key and the CA as a PKCS#12 file: what certflow.http.client-certificate takes. */
    public Path writePkcs12(Issued issued, Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", issued.key(), password, new X509Certificate[] {issued.certificate(), ca.certificate()});
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }

    /** A server's TLS context: presents {@code server}, and trusts this CA for client certificates. */
    public SSLContext serverContext(Issued server) throws GeneralSecurityException, IOException {
        char[] password = "server".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", server.key(), password, new X509Certificate[] {server.certificate(), ca.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), RANDOM);
        return context;
    }

    private X500Name issuer() {
        return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    }

    private static X509Certificate sign(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey, boolean isCa,
            KeyPurposeId purpose) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (isCa) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
                if (purpose == KeyPurposeId.id_kp_serverAuth) {
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
                }
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }
}
