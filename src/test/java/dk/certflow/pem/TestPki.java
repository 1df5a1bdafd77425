package dk.certflow.pem;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A three-level RSA PKI made at test time (root, intermediate, leaf), signed with RSASSA-PSS/SHA-256
 * as OCES3 certificates are.
 */
record TestPki(X509Certificate root, X509Certificate intermediate, X509Certificate leaf, PrivateKey leafKey) {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    List<X509Certificate> chain() {
        return List.of(leaf, intermediate, root);
    }

    static TestPki create() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rootKeys = generator.generateKeyPair();
        KeyPair intermediateKeys = generator.generateKeyPair();
        KeyPair leafKeys = generator.generateKeyPair();

        X500Name rootName = new X500Name("CN=certflow test root,O=certflow test,C=DK");
        X500Name intermediateName = new X500Name("CN=certflow test issuing CA,O=certflow test,C=DK");
        X500Name leafName = new X500Name("CN=certflow test system,O=Testorganisation,C=DK");

        X509Certificate root = certificate(rootName, rootKeys.getPublic(), rootName, rootKeys, null, true);
        X509Certificate intermediate = certificate(intermediateName, intermediateKeys.getPublic(), rootName, rootKeys, root, true);
        X509Certificate leaf = certificate(leafName, leafKeys.getPublic(), intermediateName, intermediateKeys, intermediate, false);
        return new TestPki(root, intermediate, leaf, leafKeys.getPrivate());
    }

    private static X509Certificate certificate(X500Name subject, PublicKey subjectKey, X500Name issuer, KeyPair issuerKeys,
                                               X509Certificate issuerCertificate, boolean ca)
            throws GeneralSecurityException, CertIOException, OperatorCreationException {
        Instant now = Instant.now();
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject, subjectKey)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey))
                .addExtension(Extension.authorityKeyIdentifier, false, issuerCertificate == null
                        ? extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic())
                        : extensions.createAuthorityKeyIdentifier(issuerCertificate));
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256WITHRSAANDMGF1").setProvider(BC).build(issuerKeys.getPrivate())));
    }
}
