package dk.certflow.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Builds one leaf certificate of a {@link TestPki}. Preset to a valid OCES3 organisation (system) certificate
 * (or, for the OCES2 profile, a typical OCES2 company certificate); each method changes one aspect so that
 * tests can produce exactly the fault they need. Test and demo material only.
 */
public final class LeafBuilder {

    public static final String ETSI_NCP = "0.4.0.2042.1.1";
    public static final String OCES3_ORGANISATION_POLICY = "1.2.208.169.1.1.1.3.7.1";
    public static final String OCES2_POLICY = "1.2.208.169.1.1.1.1.5";

    private final TestPki pki;
    private String commonName = "certflow demo system";
    private String organisation = "Certflow Demo Kommune";
    private String cvr = "19552101";
    private String organizationIdentifier;
    private UUID uuid = UUID.randomUUID();
    private String givenName;
    private String surname;
    private Instant notBefore = Instant.now().minus(Duration.ofDays(30));
    private Instant notAfter = notBefore.plus(Duration.ofDays(3 * 365));
    private int keyBits = 3072;
    private KeyPair keyPair;
    private int keyUsage = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
    private List<String> policies;
    private String ocspUrl;
    private String crlUrl;

    LeafBuilder(TestPki pki) {
        this.pki = pki;
        this.policies = pki.profile().isOces2() ? List.of(OCES2_POLICY) : List.of(ETSI_NCP, OCES3_ORGANISATION_POLICY);
    }

    public LeafBuilder commonName(String commonName) {
        this.commonName = commonName;
        return this;
    }

    public LeafBuilder organisation(String organisation) {
        this.organisation = organisation;
        return this;
    }

    /** The CVR written as {@code NTRDK-<cvr>}; any string, so invalid numbers can be tested. */
    public LeafBuilder cvr(String cvr) {
        this.cvr = cvr;
        this.organizationIdentifier = null;
        return this;
    }

    /** The organizationIdentifier attribute verbatim (e.g. a malformed one); {@code null} leaves it out. */
    public LeafBuilder organizationIdentifier(String value) {
        this.organizationIdentifier = value;
        this.cvr = null;
        return this;
    }

    public LeafBuilder withoutCvr() {
        return organizationIdentifier(null);
    }

    public LeafBuilder uuid(UUID uuid) {
        this.uuid = uuid;
        return this;
    }

    /** Makes it an employee certificate: serialNumber {@code UI:DK-E:G:<uuid>} with givenName and surname. */
    public LeafBuilder employee(String givenName, String surname) {
        this.givenName = givenName;
        this.surname = surname;
        this.commonName = givenName + " " + surname;
        return this;
    }

    public LeafBuilder validity(Instant notBefore, Instant notAfter) {
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        return this;
    }

    /** Size of a freshly generated RSA key (default 3072); ignored when {@link #keyPair} is given. */
    public LeafBuilder keySize(int bits) {
        this.keyBits = bits;
        return this;
    }

    /** Uses this key pair instead of generating one: reuse keys to keep tests fast. */
    public LeafBuilder keyPair(KeyPair keyPair) {
        this.keyPair = keyPair;
        return this;
    }

    /** Key usage bits as in {@link KeyUsage}; default digitalSignature + keyEncipherment (critical). */
    public LeafBuilder keyUsage(int bits) {
        this.keyUsage = bits;
        return this;
    }

    public LeafBuilder withoutDigitalSignature() {
        return keyUsage(KeyUsage.keyEncipherment);
    }

    public LeafBuilder policies(String... oids) {
        this.policies = List.of(oids);
        return this;
    }

    /**
     * The OCSP responder (Authority Information Access) and CRL (CRL Distribution Points) the leaf names; by default
     * those of the real PKI's host. Tests point them at servers on loopback.
     */
    public LeafBuilder revocationUrls(String ocspUrl, String crlUrl) {
        this.ocspUrl = ocspUrl;
        this.crlUrl = crlUrl;
        return this;
    }

    public IssuedCertificate issue() {
        KeyPair keys = keyPair != null ? keyPair : TestPki.rsaKeyPair(keyBits);
        IssuedCertificate issuing = pki.issuing();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuing.certificate().getSubjectX500Principal().getEncoded()),
                    TestPki.serial(), Date.from(notBefore), Date.from(notAfter), subject(), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuing.certificate()))
                    .addExtension(Extension.authorityInfoAccess, false, TestPki.authorityInformationAccess(pki.profile(), ocspUrl))
                    .addExtension(Extension.certificatePolicies, false, certificatePolicies())
                    .addExtension(Extension.cRLDistributionPoints, false, TestPki.crlDistributionPoint(crlUrl != null
                            ? crlUrl : "http://" + pki.profile().host() + "/oces/issuing/1/crl/issuing.crl"))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            X509Certificate cert = TestPki.sign(builder, pki.profile().leafSignatureAlgorithm(), issuing.privateKey());
            return new IssuedCertificate(cert, keys.getPrivate(),
                    List.of(cert, issuing.certificate(), pki.root().certificate()));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue test certificate: " + e.getMessage(), e);
        }
    }

    /** Attributes in the real certificates' encoding order: CN first, C last. */
    private X500Name subject() {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        name.addRDN(BCStyle.CN, commonName);
        if (givenName != null) {
            name.addRDN(BCStyle.GIVENNAME, givenName);
            name.addRDN(BCStyle.SURNAME, surname);
        }
        if (pki.profile().isOces2()) {
            String number = cvr != null ? cvr : "12345678";
            name.addRDN(BCStyle.SERIALNUMBER, "CVR:" + number + "-FID:" + Math.abs(uuid.getLeastSignificantBits() % 10_000_000_000L));
            name.addRDN(BCStyle.O, organisation + " // CVR:" + number);
        } else {
            name.addRDN(BCStyle.SERIALNUMBER, (givenName != null ? "UI:DK-E:G:" : "UI:DK-O:G:") + uuid);
            name.addRDN(BCStyle.O, organisation);
            String orgId = cvr != null ? "NTRDK-" + cvr : organizationIdentifier;
            if (orgId != null) {
                name.addRDN(BCStyle.ORGANIZATION_IDENTIFIER, orgId);
            }
        }
        name.addRDN(BCStyle.C, "DK");
        return name.build();
    }

    private CertificatePolicies certificatePolicies() {
        return new CertificatePolicies(policies.stream()
                .map(oid -> new PolicyInformation(new ASN1ObjectIdentifier(oid)))
                .toArray(PolicyInformation[]::new));
    }
}
