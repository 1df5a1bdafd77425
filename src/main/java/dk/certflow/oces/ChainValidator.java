package dk.certflow.oces;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PKIX path building and validation (signatures, validity, basic constraints; no revocation) from a leaf to a
 * trust anchor, completing intermediates from the trust store and the certificates that came with the leaf.
 */
final class ChainValidator {

    /** The outcome: {@code chain} is leaf..root when trusted, else the leaf and the given certificates. */
    record Result(boolean trusted, List<X509Certificate> chain, X509Certificate anchor, String problem) {
    }

    /** More certificates than a real file brings along, with room to spare. */
    static final int MAX_BROUGHT = 8;

    private final TrustStore trustStore;

    ChainValidator(TrustStore trustStore) {
        this.trustStore = trustStore;
    }

    Result validate(X509Certificate leaf, List<X509Certificate> extraCerts, Instant at) {
        Set<X509Certificate> candidates = new LinkedHashSet<>();
        candidates.add(leaf);
        candidates.addAll(fitForPathBuilding(leaf, extraCerts));
        candidates.addAll(trustStore.intermediates());
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(trustStore.trustAnchors(), target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
            PKIXCertPathBuilderResult built = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
            CertPath path = built.getCertPath();
            // The builder checks while it searches; validating the found path again states the guarantee plainly.
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
            List<X509Certificate> chain = new ArrayList<>();
            path.getCertificates().forEach(certificate -> chain.add((X509Certificate) certificate));
            X509Certificate anchor = built.getTrustAnchor().getTrustedCert();
            chain.add(anchor);
            return new Result(true, chain, anchor, null);
        } catch (GeneralSecurityException e) {
            List<X509Certificate> given = new ArrayList<>();
            given.add(leaf);
            extraCerts.stream().filter(certificate -> !certificate.equals(leaf) && !given.contains(certificate))
                    .forEach(given::add);
            return new Result(false, given, null, problem(leaf, candidates));
        }
    }

    /**
     * What the file brought, as path building gets it: each name and key once, and at most {@link #MAX_BROUGHT}. The
     * builder tries every certificate that fits each step, so layers of copies differing only in serial number (a hostile
     * file) would multiply the paths it walks; a real file brings its issuing CA, perhaps the root.
     */
    static List<X509Certificate> fitForPathBuilding(X509Certificate leaf, List<X509Certificate> brought) {
        Map<String, X509Certificate> byNameAndKey = new LinkedHashMap<>();
        for (X509Certificate certificate : brought) {
            if (byNameAndKey.size() == MAX_BROUGHT) {
                break;
            }
            if (!certificate.equals(leaf)) {
                byNameAndKey.putIfAbsent(certificate.getSubjectX500Principal().getName() + "|"
                        + Base64.getEncoder().encodeToString(certificate.getPublicKey().getEncoded()), certificate);
            }
        }
        return List.copyOf(byNameAndKey.values());
    }

    /** One line on why no path was found, telling a look-alike issuer from a missing one. */
    private String problem(X509Certificate leaf, Set<X509Certificate> candidates) {
        String issuer = CertificateReader.readableName(leaf.getIssuerX500Principal());
        boolean issuerNameKnown = candidates.stream()
                .filter(certificate -> !certificate.equals(leaf))
                .anyMatch(certificate -> certificate.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()))
                || trustStore.anchors().stream()
                .anyMatch(anchor -> anchor.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()));
        if (issuerNameKnown) {
            return "no valid signature path to a trusted root: a CA named '" + issuer
                    + "' is known but the chain does not verify (wrong key, look-alike or invalid CA certificate)";
        }
        return "no path to a trusted root: issuer '" + issuer + "' is not in the trust store";
    }
}
