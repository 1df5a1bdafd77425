package dk.certflow.pki;

import dk.certflow.crypto.BouncyCastle;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away two-level PKI (root CA, issuing CA) with the names of a real one. <b>Test and demo material
 * only</b>: its keys are generated at run time and kept in memory.
 *
 * <p>RSA key generation is slow (about half a second for 3072 bits): create a PKI once and reuse it, and pass
 * a shared key to {@link LeafBuilder#keyPair(KeyPair)} when many leaves are needed.
 */
public final class TestPki {

    static final int ROOT_KEY_BITS = 4096;
    static final int ISSUING_KEY_BITS = 3072;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PkiProfile profile;
    private final IssuedCertificate root;
    private final IssuedCertificate issuing;

    private TestPki(PkiProfile profile, IssuedCertificate root, IssuedCertificate issuing) {
        this.profile = profile;
        this.root = root;
        this.issuing = issuing;
    }

    /** A new PKI with the profile's names, a 4096-bit root and a 3072-bit issuing CA, valid 2020 to 2045. */
    public static TestPki create(PkiProfile profile) {
        return create(profile, Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2045-01-01T00:00:00Z"));
    }

    /** A new PKI with the profile's names whose CAs are valid from {@code notBefore} to {@code notAfter}. */
    public static TestPki create(PkiProfile profile, Instant notBefore, Instant notAfter) {
        return create(profile, notBefore, notAfter, rsaKeyPair(ROOT_KEY_BITS), rsaKeyPair(ISSUING_KEY_BITS));
    }

    /**
     * A new PKI with the given CA keys (RSA). Tests may pass small keys to save generation time: nothing
     * judges the CA key sizes.
     */
    public static TestPki create(PkiProfile profile, Instant notBefore, Instant notAfter, KeyPair rootKeys,
            KeyPair issuingKeys) {
        try {
            X500Principal rootName = new X500Principal(profile.rootName());
            X509Certificate rootCert = signCa(profile, rootName, rootKeys.getPublic(), rootName, rootKeys.getPrivate(),
                    null, notBefore, notAfter);
            IssuedCertificate root = new IssuedCertificate(rootCert, rootKeys.getPrivate(), List.of(rootCert));

            X509Certificate issuingCert = signCa(profile, new X500Principal(profile.issuingName()), issuingKeys.getPublic(),
                    rootName, rootKeys.getPrivate(), rootCert, notBefore, notAfter);
            IssuedCertificate issuing = new IssuedCertificate(issuingCert, issuingKeys.getPrivate(),
                    List.of(issuingCert, rootCert));
            return new TestPki(profile, root, issuing);
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot build test PKI: " + e.getMessage(), e);
        }
    }

    /**
     * A PKI with exactly this one's names, validity and key sizes but keys of its own: what an impostor would
     * build. Nothing it issues may validate against this PKI's root.
     */
    public TestPki lookAlike() {
        X509Certificate rootCert = root.certificate();
        return create(profile, rootCert.getNotBefore().toInstant(), rootCert.getNotAfter().toInstant(),
                rsaKeyPair(keyBits(rootCert)), rsaKeyPair(keyBits(issuing.certificate())));
    }

    private static int keyBits(X509Certificate certificate) {
        return ((RSAKey) certificate.getPublicKey()).getModulus().bitLength();
    }

    /** A fresh RSA key pair; slow for 3072 bits and more. */
    public static KeyPair rsaKeyPair(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    public PkiProfile profile() {
        return profile;
    }

    public IssuedCertificate root() {
        return root;
    }

    public IssuedCertificate issuing() {
        return issuing;
    }

    /** A builder for a leaf issued by this PKI's issuing CA, preset to a valid organisation certificate. */
    public LeafBuilder leaf() {
        return new LeafBuilder(this);
    }

    private static X509Certificate signCa(PkiProfile profile, X500Principal subject, PublicKey subjectKey,
            X500Principal issuer, PrivateKey issuerKey, X509Certificate issuerCert, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException, CertIOException, OperatorCreationException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                Date.from(notBefore), Date.from(notAfter), subject, subjectKey)
                .addExtension(Extension.basicConstraints, true,
                        issuerCert == null ? new BasicConstraints(true) : new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        if (issuerCert != null) {
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerCert));
            builder.addExtension(Extension.cRLDistributionPoints, false,
                    crlDistributionPoint("http://" + profile.host() + "/oces/root/crl/root.crl"));
        }
        return sign(builder, profile.caSignatureAlgorithm(), issuerKey);
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, String algorithm, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        // BouncyCastle's signer: the JDK has none for BouncyCastle's PSS algorithm names
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BouncyCastle.PROVIDER).build(key)));
    }

    static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    static CRLDistPoint crlDistributionPoint(String url) {
        DistributionPointName name = new DistributionPointName(
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url)));
        return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(name, null, null)});
    }

    static AuthorityInformationAccess authorityInformationAccess(PkiProfile profile) {
        return authorityInformationAccess(profile, null);
    }

    static AuthorityInformationAccess authorityInformationAccess(PkiProfile profile, String ocspUrl) {
        return new AuthorityInformationAccess(new AccessDescription[] {
            new AccessDescription(AccessDescription.id_ad_caIssuers,
                    new GeneralName(GeneralName.uniformResourceIdentifier,
                            "http://" + profile.host() + "/oces/issuing/1/cacert/issuing.cer")),
            new AccessDescription(AccessDescription.id_ad_ocsp,
                    new GeneralName(GeneralName.uniformResourceIdentifier,
                            ocspUrl != null ? ocspUrl : "http://" + profile.host() + "/ocsp"))
        });
    }
}
