package dk.certflow.oces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The chain check over what a dropped file brings along, which may be hostile. */
class ChainValidatorTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    /**
     * Layers of CA certificates with one name and one key each, differing only in serial number, each one step further
     * from a trusted root's name: path building tries every copy at every step, seconds to minutes of CPU from a file of
     * tens of kilobytes. Each name and key is tried once, so the check ends at once, untrusted.
     */
    @Test
    void layersOfLookAlikeCasDoNotMultiplyThePathsTried() throws Exception {
        KeyPair root = ecKeys();
        List<X509Certificate> brought = new ArrayList<>();
        // the top layer names a trusted root as its issuer, signed with another key: every path ends one step from trust
        String issuerName = TrustStore.bundled().anchors().get(0).getSubjectX500Principal().getName();
        KeyPair issuerKeys = root;
        for (int layer = 1; layer <= 4; layer++) {
            KeyPair layerKeys = ecKeys();
            for (int copy = 0; copy < 48; copy++) {
                brought.add(certificate(issuerName, issuerKeys.getPrivate(), "CN=Layer " + layer, layerKeys.getPublic(), layer * 1000 + copy, true));
            }
            issuerName = "CN=Layer " + layer;
            issuerKeys = layerKeys;
        }
        X509Certificate leaf = certificate(issuerName, issuerKeys.getPrivate(), "CN=leaf", ecKeys().getPublic(), 1, false);
        ChainValidator validator = new ChainValidator(TrustStore.bundled());

        ChainValidator.Result result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> validator.validate(leaf, brought, NOW));

        assertThat(result.trusted()).isFalse();
        assertThat(result.problem()).contains("Layer 4");
    }

    /** Certificates of distinct names and keys reach path building too, but no more than a real file could need. */
    @Test
    void atMostEightBroughtCertificatesReachPathBuilding() throws Exception {
        KeyPair root = ecKeys();
        List<X509Certificate> brought = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            brought.add(certificate("CN=Hostile Root", root.getPrivate(), "CN=CA " + i, ecKeys().getPublic(), i, true));
        }
        X509Certificate leaf = certificate("CN=CA 0", root.getPrivate(), "CN=leaf", ecKeys().getPublic(), 99, false);
        brought.add(0, leaf);

        assertThat(ChainValidator.fitForPathBuilding(leaf, brought)).hasSize(ChainValidator.MAX_BROUGHT)
                .doesNotContain(leaf).containsExactlyElementsOf(brought.subList(1, 1 + ChainValidator.MAX_BROUGHT));
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String issuer, PrivateKey issuerKey, String subject, PublicKey key, long serial, boolean ca)
            throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(serial),
                Date.from(NOW.minus(Duration.ofDays(30))), Date.from(NOW.plus(Duration.ofDays(300))), new X500Name(subject), key);
        if (ca) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
