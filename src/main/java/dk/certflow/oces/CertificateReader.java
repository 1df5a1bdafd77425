package dk.certflow.oces;

import dk.certflow.time.Days;
import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Reads the OCES-relevant content of one certificate. */
final class CertificateReader {

    /** Attribute names for RFC 2253 output that the JDK would otherwise write as hex. */
    private static final Map<String, String> ATTRIBUTE_NAMES = Map.of(
            "2.5.4.97", "organizationIdentifier",
            "2.5.4.5", "serialNumber",
            "2.5.4.42", "givenName",
            "2.5.4.4", "surname");

    private final X509Certificate certificate;
    private final X500Name subject;

    CertificateReader(X509Certificate certificate) {
        this.certificate = certificate;
        this.subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    static String readableName(X500Principal name) {
        return name.getName(X500Principal.RFC2253, ATTRIBUTE_NAMES);
    }

    /** The first value of a subject attribute, or {@code null}. */
    String subjectAttribute(ASN1ObjectIdentifier type) {
        return firstValue(subject, type);
    }

    String subjectSerialNumber() {
        return subjectAttribute(BCStyle.SERIALNUMBER);
    }

    String organizationIdentifier() {
        return subjectAttribute(BCStyle.ORGANIZATION_IDENTIFIER);
    }

    String issuerOrganisation() {
        return firstValue(X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()), BCStyle.O);
    }

    /** The CVR of an OCES3 organizationIdentifier {@code NTRDK-<8 digits>}, or of an OCES2 serialNumber. */
    String cvr() {
        String identifier = organizationIdentifier();
        if (identifier != null) {
            Matcher matcher = Oces.ORGANIZATION_IDENTIFIER.matcher(identifier);
            return matcher.matches() ? matcher.group(1) : null;
        }
        String serial = subjectSerialNumber();
        if (serial != null) {
            Matcher matcher = Oces.OCES2_SERIAL.matcher(serial);
            return matcher.matches() ? matcher.group(1) : null;
        }
        return null;
    }

    String type() {
        String serial = subjectSerialNumber();
        if (serial == null) {
            return "unknown";
        }
        if (serial.startsWith(Oces.ORGANISATION_PREFIX)) {
            return "organisation";
        }
        return serial.startsWith(Oces.EMPLOYEE_PREFIX) ? "employee" : "unknown";
    }

    String uuid() {
        String serial = subjectSerialNumber();
        if (serial != null && (serial.startsWith(Oces.ORGANISATION_PREFIX) || serial.startsWith(Oces.EMPLOYEE_PREFIX))) {
            return serial.substring(serial.lastIndexOf(':') + 1);
        }
        return null;
    }

    List<String> policies() {
        byte[] extension = certificate.getExtensionValue(Extension.certificatePolicies.getId());
        if (extension == null) {
            return List.of();
        }
        try {
            CertificatePolicies policies = CertificatePolicies.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(extension));
            return Arrays.stream(policies.getPolicyInformation())
                    .map(PolicyInformation::getPolicyIdentifier)
                    .map(ASN1ObjectIdentifier::getId)
                    .toList();
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }

    String keyAlgorithm() {
        return certificate.getPublicKey().getAlgorithm();
    }

    /** RSA modulus or EC field size in bits; 0 for other keys. */
    int keySize() {
        PublicKey key = certificate.getPublicKey();
        if (key instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        return 0;
    }

    /** The JDK name, with the hash spelled out for RSASSA-PSS, whose JDK name does not say it. */
    String signatureAlgorithm() {
        String name = certificate.getSigAlgName();
        if (!"RSASSA-PSS".equalsIgnoreCase(name) || certificate.getSigAlgParams() == null) {
            return name;
        }
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
            parameters.init(certificate.getSigAlgParams());
            return "RSASSA-PSS with " + parameters.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
        } catch (GeneralSecurityException | IOException e) {
            return name;
        }
    }

    CertificateFacts facts(Instant now, String environment) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        return new CertificateFacts(
                readableName(certificate.getSubjectX500Principal()),
                readableName(certificate.getIssuerX500Principal()),
                serialHex(),
                certificate.getNotBefore().toInstant(),
                notAfter,
                daysLeft(now, notAfter),
                fingerprint("SHA-256"),
                fingerprint("SHA-1"),
                cvr(),
                subjectAttribute(BCStyle.O),
                uuid(),
                type(),
                environment,
                keyAlgorithm(),
                keySize(),
                signatureAlgorithm(),
                policies());
    }

    /** Upper-case hex in whole bytes, as openssl prints it. */
    private String serialHex() {
        String hex = certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /** Whole days until notAfter, rounded down, so an expired certificate has a negative count. */
    static long daysLeft(Instant now, Instant notAfter) {
        return Days.left(now, notAfter);
    }

    private String fingerprint(String digest) {
        try {
            byte[] hash = MessageDigest.getInstance(digest).digest(certificate.getEncoded());
            return HexFormat.of().withUpperCase().formatHex(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(digest + " fingerprint unavailable", e);
        }
    }

    private static String firstValue(X500Name name, ASN1ObjectIdentifier type) {
        for (RDN rdn : name.getRDNs(type)) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(type)) {
                    Object value = attribute.getValue();
                    return value instanceof ASN1String string ? string.getString() : value.toString();
                }
            }
        }
        return null;
    }
}
