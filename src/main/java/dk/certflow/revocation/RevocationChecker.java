package dk.certflow.revocation;

import dk.certflow.crypto.BouncyCastle;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Asks whether a certificate has been revoked: OCSP first (RFC 6960; the responder named in the certificate's
 * Authority Information Access, or a configured relay instead), the CRL from its CRL Distribution Points when OCSP
 * gives no usable answer.
 *
 * <p>An answer counts only when it is signed by the issuing CA itself, or by a responder certificate that CA issued
 * with id-kp-OCSPSigning (a CRL: by the issuing CA), and when it is current: thisUpdate not in the future and
 * nextUpdate not past, give or take {@link #CLOCK_SKEW}. Anything else is no answer, never "good". Answers are kept
 * until their nextUpdate, so the daily re-check and repeated drops do not ask again.
 *
 * <p>No request nonce is sent: OCES3's responder, like most large ones, serves pre-signed answers and ignores
 * nonces; freshness is judged from thisUpdate/nextUpdate instead.
 */
public final class RevocationChecker {

    /** How far the responder's clock may be off from ours. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** An answer without nextUpdate is taken when it is at most this old, and not cached. */
    static final Duration MAX_AGE_WITHOUT_NEXT_UPDATE = Duration.ofHours(24);
    private static final String[] REASONS = {"unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
        "superseded", "cessationOfOperation", "certificateHold", "unused(7)", "removeFromCRL", "privilegeWithdrawn",
        "aACompromise"};

    private final RevocationFetcher fetcher;
    private final URI ocspOverride;
    private final Clock clock;
    private final Map<String, RevocationStatus> answers = new ConcurrentHashMap<>();
    private final Map<URI, X509CRLHolder> crls = new ConcurrentHashMap<>();

    /** {@code ocspOverride}: a responder asked instead of the one in each certificate (an internal relay), or null. */
    public RevocationChecker(RevocationFetcher fetcher, URI ocspOverride, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.ocspOverride = ocspOverride;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The status of {@code leaf}, issued by {@code issuer}; never throws, a failure is an UNKNOWN with the reason. */
    public RevocationStatus check(X509Certificate leaf, X509Certificate issuer) {
        Instant now = clock.instant();
        String key = keyOf(issuer) + "/" + leaf.getSerialNumber();
        RevocationStatus cached = answers.get(key);
        if (cached != null && cached.nextUpdate() != null && now.isBefore(cached.nextUpdate())) {
            return cached;
        }
        List<String> problems = new ArrayList<>();
        RevocationStatus status = ocsp(leaf, issuer, now, problems);
        if (status == null) {
            status = crl(leaf, issuer, now, problems);
        }
        if (status == null) {
            status = RevocationStatus.unknown(now, problems.isEmpty()
                    ? "the certificate names no OCSP responder and no CRL" : String.join("; ", problems));
        }
        if (status.nextUpdate() != null) {
            answers.put(key, status);
        } else {
            answers.remove(key);
        }
        return status;
    }

    /** The issuer's key, not its name: a look-alike CA with the same name never shares answers with the real one. */
    private static String keyOf(X509Certificate issuer) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(issuer.getPublicKey().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private RevocationStatus ocsp(X509Certificate leaf, X509Certificate issuer, Instant now, List<String> problems) {
        List<URI> responders = ocspOverride != null ? List.of(ocspOverride) : ocspResponders(leaf);
        for (URI responder : responders) {
            String source = "OCSP " + responder;
            try {
                X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
                CertificateID id = new CertificateID(digests().get(CertificateID.HASH_SHA1), issuerHolder, leaf.getSerialNumber());
                byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
                OCSPResp response = new OCSPResp(fetcher.post(responder, "application/ocsp-request", request));
                return ocspAnswer(response, leaf.getSerialNumber(), issuerHolder, issuer, now, source);
            } catch (IOException | OCSPException | OperatorCreationException | CertificateException | RuntimeException e) {
                problems.add(source + ": " + describe(e));
            } catch (NoAnswer e) {
                problems.add(source + ": " + e.getMessage());
            }
        }
        return null;
    }

    private RevocationStatus ocspAnswer(OCSPResp response, BigInteger serial, X509CertificateHolder issuerHolder,
            X509Certificate issuer, Instant now, String source) throws OCSPException, OperatorCreationException, NoAnswer {
        if (response.getStatus() != OCSPResp.SUCCESSFUL) {
            throw new NoAnswer("the responder answered with error status " + response.getStatus());
        }
        if (!(response.getResponseObject() instanceof BasicOCSPResp basic)) {
            throw new NoAnswer("the answer is not a basic OCSP response");
        }
        if (!signedByIssuerOrDelegate(basic, issuer, now)) {
            throw new NoAnswer("the answer is not signed by the issuing CA nor by an OCSP responder certificate it issued");
        }
        for (SingleResp single : basic.getResponses()) {
            if (!single.getCertID().getSerialNumber().equals(serial) || !single.getCertID().matchesIssuer(issuerHolder, digests())) {
                continue;
            }
            Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
            checkCurrent(single.getThisUpdate().toInstant(), nextUpdate, now);
            CertificateStatus status = single.getCertStatus();
            if (status == CertificateStatus.GOOD) {
                return RevocationStatus.good(now, source, nextUpdate);
            }
            if (status instanceof RevokedStatus revoked) {
                String reason = revoked.hasRevocationReason() ? reasonName(revoked.getRevocationReason()) : "unspecified";
                return RevocationStatus.revoked(now, revoked.getRevocationTime().toInstant(), reason, source, nextUpdate);
            }
            throw new NoAnswer("the responder does not know the certificate");
        }
        throw new NoAnswer("the answer is about another certificate");
    }

    private static boolean signedByIssuerOrDelegate(BasicOCSPResp basic, X509Certificate issuer, Instant now)
            throws OperatorCreationException {
        ContentVerifierProvider byIssuer = verifier(issuer);
        if (signatureValid(basic, byIssuer)) {
            return true;
        }
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (X509CertificateHolder candidate : basic.getCerts()) {
            try {
                X509Certificate responder = converter.getCertificate(candidate);
                List<String> purposes = responder.getExtendedKeyUsage();
                if (responder.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                        && candidate.isSignatureValid(byIssuer)
                        && candidate.isValidOn(Date.from(now))
                        && purposes != null && purposes.contains(KeyPurposeId.id_kp_OCSPSigning.getId())
                        && signatureValid(basic, verifier(responder))) {
                    return true;
                }
            } catch (CertificateException | org.bouncycastle.cert.CertException | RuntimeException e) {
                // not a usable responder certificate; try the next
            }
        }
        return false;
    }

    private static boolean signatureValid(BasicOCSPResp basic, ContentVerifierProvider verifier) {
        try {
            return basic.isSignatureValid(verifier);
        } catch (OCSPException | RuntimeException e) {
            return false; // e.g. a key of another type than the signature: not signed by it
        }
    }

    private RevocationStatus crl(X509Certificate leaf, X509Certificate issuer, Instant now, List<String> problems) {
        for (URI uri : crlDistributionPoints(leaf)) {
            String source = "CRL " + uri;
            try {
                X509CRLHolder crl = currentCrl(uri, issuer, now);
                Instant nextUpdate = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
                X509CRLEntryHolder entry = crl.getRevokedCertificate(leaf.getSerialNumber());
                if (entry == null) {
                    return RevocationStatus.good(now, source, nextUpdate);
                }
                Extension reasonCode = entry.getExtensions() == null ? null : entry.getExtensions().getExtension(Extension.reasonCode);
                String reason = reasonCode == null ? "unspecified"
                        : reasonName(CRLReason.getInstance(reasonCode.getParsedValue()).getValue().intValue());
                return RevocationStatus.revoked(now, entry.getRevocationDate().toInstant(), reason, source, nextUpdate);
            } catch (IOException | OperatorCreationException | org.bouncycastle.cert.CertException | RuntimeException e) {
                problems.add(source + ": " + describe(e));
            } catch (NoAnswer e) {
                problems.add(source + ": " + e.getMessage());
            }
        }
        return null;
    }

    /** The CRL at {@code uri}, verified and current; fetched again only once the kept one's nextUpdate has passed. */
    private X509CRLHolder currentCrl(URI uri, X509Certificate issuer, Instant now)
            throws IOException, OperatorCreationException, org.bouncycastle.cert.CertException, NoAnswer {
        X509CRLHolder kept = crls.get(uri);
        if (kept != null && kept.getNextUpdate() != null && now.isBefore(kept.getNextUpdate().toInstant())
                && kept.getIssuer().equals(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()))
                && kept.isSignatureValid(verifier(issuer))) {
            return kept;
        }
        X509CRLHolder crl = new X509CRLHolder(fetcher.get(uri));
        if (!crl.getIssuer().equals(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()))) {
            throw new NoAnswer("the CRL is issued by " + crl.getIssuer() + ", not by the issuing CA");
        }
        if (!crl.isSignatureValid(verifier(issuer))) {
            throw new NoAnswer("the CRL is not signed by the issuing CA");
        }
        checkCurrent(crl.getThisUpdate().toInstant(), crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant(), now);
        crls.put(uri, crl);
        return crl;
    }

    private static void checkCurrent(Instant thisUpdate, Instant nextUpdate, Instant now) throws NoAnswer {
        if (thisUpdate.isAfter(now.plus(CLOCK_SKEW))) {
            throw new NoAnswer("the answer is dated in the future (thisUpdate " + thisUpdate + ")");
        }
        if (nextUpdate != null && nextUpdate.isBefore(now.minus(CLOCK_SKEW))) {
            throw new NoAnswer("the answer is stale (nextUpdate " + nextUpdate + " has passed)");
        }
        if (nextUpdate == null && thisUpdate.isBefore(now.minus(MAX_AGE_WITHOUT_NEXT_UPDATE))) {
            throw new NoAnswer("the answer is stale (thisUpdate " + thisUpdate + ", no nextUpdate)");
        }
    }

    /** The http(s) OCSP responders named in the certificate's Authority Information Access, in order. */
    public static List<URI> ocspResponders(X509Certificate certificate) {
        List<URI> responders = new ArrayList<>();
        ASN1Primitive value = extension(certificate, Extension.authorityInfoAccess.getId());
        if (value != null) {
            for (AccessDescription description : AuthorityInformationAccess.getInstance(value).getAccessDescriptions()) {
                if (AccessDescription.id_ad_ocsp.equals(description.getAccessMethod())) {
                    addHttp(description.getAccessLocation(), responders);
                }
            }
        }
        return responders;
    }

    /** The http(s) URIs of the certificate's CRL Distribution Points, in order. */
    public static List<URI> crlDistributionPoints(X509Certificate certificate) {
        List<URI> uris = new ArrayList<>();
        ASN1Primitive value = extension(certificate, Extension.cRLDistributionPoints.getId());
        if (value != null) {
            for (DistributionPoint point : CRLDistPoint.getInstance(value).getDistributionPoints()) {
                DistributionPointName name = point.getDistributionPoint();
                if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                    for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                        addHttp(general, uris);
                    }
                }
            }
        }
        return uris;
    }

    private static ASN1Primitive extension(X509Certificate certificate, String oid) {
        byte[] encoded = certificate.getExtensionValue(oid);
        if (encoded == null) {
            return null;
        }
        try {
            return JcaX509ExtensionUtils.parseExtensionValue(encoded);
        } catch (IOException e) {
            return null; // a malformed extension names nothing to ask
        }
    }

    private static void addHttp(GeneralName name, List<URI> into) {
        if (name.getTagNo() != GeneralName.uniformResourceIdentifier) {
            return;
        }
        try {
            URI uri = URI.create(((ASN1String) name.getName()).getString().trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                into.add(uri);
            }
        } catch (IllegalArgumentException e) {
            // not a URI: nothing to ask there
        }
    }

    /** BouncyCastle's verifiers: OCES3 signs with RSASSA-PSS, which BouncyCastle verifies by name. */
    private static ContentVerifierProvider verifier(X509Certificate certificate) throws OperatorCreationException {
        return new JcaContentVerifierProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(certificate.getPublicKey());
    }

    private static DigestCalculatorProvider digests() throws OperatorCreationException {
        return new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build();
    }

    static String reasonName(int code) {
        return code >= 0 && code < REASONS.length ? REASONS[code] : "reason " + code;
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** A response that arrived but cannot be used; the message says why. */
    private static final class NoAnswer extends Exception {
        NoAnswer(String message) {
            super(message, null, false, false);
        }
    }
}
