package dk.certflow.oces;

import static dk.certflow.findings.FindingCode.CHAIN_UNTRUSTED;
import static dk.certflow.findings.FindingCode.CVR_INVALID;
import static dk.certflow.findings.FindingCode.CVR_MISMATCH;
import static dk.certflow.findings.FindingCode.EXPIRED;
import static dk.certflow.findings.FindingCode.EXPIRES_SOON;
import static dk.certflow.findings.FindingCode.KEY_USAGE;
import static dk.certflow.findings.FindingCode.NOT_OCES3;
import static dk.certflow.findings.FindingCode.NOT_YET_VALID;
import static dk.certflow.findings.FindingCode.OCES2_CERTIFICATE;
import static dk.certflow.findings.FindingCode.WEAK_KEY;
import static dk.certflow.findings.FindingCode.WRONG_CERTIFICATE_TYPE;
import static dk.certflow.findings.FindingCode.WRONG_ENVIRONMENT;

import dk.certflow.findings.Finding;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Judges a certificate against the OCES3 organisation-certificate profile.
 *
 * <p>Which findings go together: an expired or not-yet-valid certificate gets no EXPIRES_SOON; the chain is
 * validated at a moment clamped into the leaf's validity so that expiry is reported once, as EXPIRED. An OCES2
 * certificate gets OCES2_CERTIFICATE instead of the chain and profile findings (CHAIN_UNTRUSTED, NOT_OCES3,
 * WRONG_CERTIFICATE_TYPE, CVR_INVALID), which would only obscure the real reason. NOT_OCES3 and
 * WRONG_ENVIRONMENT need a trusted chain; an employee certificate gets WRONG_CERTIFICATE_TYPE rather than
 * NOT_OCES3. CVR_MISMATCH is reported only for a readable CVR; a missing one is CVR_INVALID.
 */
public final class OcesJudge {

    private static final int KEY_USAGE_DIGITAL_SIGNATURE = 0;

    private final ChainValidator chainValidator;
    private final Clock clock;

    public OcesJudge(TrustStore trustStore, Clock clock) {
        this.chainValidator = new ChainValidator(Objects.requireNonNull(trustStore, "trustStore"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param leaf       the certificate to judge
     * @param extraCerts certificates that came with it (e.g. the rest of a PKCS#12 chain), in any order
     */
    public Judgement judge(X509Certificate leaf, List<X509Certificate> extraCerts, JudgeSettings settings) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(extraCerts, "extraCerts");
        Objects.requireNonNull(settings, "settings");
        Instant now = clock.instant();
        CertificateReader reader = new CertificateReader(leaf);
        List<Finding> findings = new ArrayList<>();

        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        checkValidity(now, notBefore, notAfter, settings, findings);

        Instant validationTime = now.isBefore(notBefore) ? notBefore : now.isAfter(notAfter) ? notAfter : now;
        ChainValidator.Result chain = chainValidator.validate(leaf, extraCerts, validationTime);
        String environment = chain.trusted() ? Oces.environmentOf(chain.anchor().getSubjectX500Principal()) : "unknown";
        List<String> policies = reader.policies();
        boolean oces2 = isOces2(reader, policies);

        if (oces2) {
            findings.add(Finding.error(OCES2_CERTIFICATE, "This is an OCES2 certificate (issuer "
                    + CertificateReader.readableName(leaf.getIssuerX500Principal())
                    + "); OCES2 was phased out on 31 October 2023 and is no longer accepted"));
        } else if (!chain.trusted()) {
            findings.add(Finding.error(CHAIN_UNTRUSTED, "Untrusted certificate: " + chain.problem()));
        }
        if (chain.trusted()) {
            checkEnvironment(environment, settings.environment(), findings);
        }
        if (!oces2) {
            checkProfile(reader, policies, chain.trusted(), findings);
        }
        checkKey(leaf.getPublicKey(), settings.minRsaBits(), findings);
        checkKeyUsage(leaf, findings);
        checkExpectedCvr(reader.cvr(), settings.expectedCvr(), findings);

        return new Judgement(findings, reader.facts(now, environment), chain.chain());
    }

    private static void checkValidity(Instant now, Instant notBefore, Instant notAfter, JudgeSettings settings,
            List<Finding> findings) {
        if (now.isAfter(notAfter)) {
            findings.add(Finding.error(EXPIRED, "The certificate expired on " + notAfter));
            return;
        }
        if (now.isBefore(notBefore)) {
            findings.add(Finding.error(NOT_YET_VALID, "The certificate is not valid before " + notBefore));
            return;
        }
        long daysLeft = CertificateReader.daysLeft(now, notAfter);
        String message = "The certificate expires in " + daysLeft + " day(s), on " + notAfter;
        if (daysLeft < settings.minDaysLeft()) {
            findings.add(Finding.error(EXPIRES_SOON, message + " (fewer than " + settings.minDaysLeft() + " days left)"));
        } else if (daysLeft < settings.warnDaysLeft()) {
            findings.add(Finding.warning(EXPIRES_SOON, message));
        }
    }

    private static boolean isOces2(CertificateReader reader, List<String> policies) {
        String serial = reader.subjectSerialNumber();
        return Oces.OCES2_ISSUER_ORGANISATION.equals(reader.issuerOrganisation())
                || (serial != null && Oces.OCES2_SERIAL.matcher(serial).matches())
                || Oces.hasOces2Policies(policies);
    }

    private static void checkEnvironment(String actual, OcesEnvironment required, List<Finding> findings) {
        if (required == OcesEnvironment.ANY || "unknown".equals(actual) || required.jsonName().equals(actual)) {
            return;
        }
        findings.add(Finding.error(WRONG_ENVIRONMENT, "The certificate belongs to the OCES3 " + actual
                + " environment, but " + required.jsonName() + " is required"));
    }

    private static void checkProfile(CertificateReader reader, List<String> policies, boolean trusted,
            List<Finding> findings) {
        if ("employee".equals(reader.type())) {
            findings.add(Finding.error(WRONG_CERTIFICATE_TYPE,
                    "This is an employee certificate (" + reader.subjectSerialNumber() + "), not an organisation certificate"));
        } else if (trusted && !Oces.hasOces3OrganisationPolicies(policies)) {
            findings.add(Finding.error(NOT_OCES3, "The certificate policies " + policies + " lack the OCES3 organisation "
                    + "policies " + Oces.ETSI_NCP + " and " + Oces.OCES3_ORGANISATION_POLICIES.get(0) + "[.1]"));
        }
        String identifier = reader.organizationIdentifier();
        if (identifier == null) {
            findings.add(Finding.error(CVR_INVALID, "The subject has no organizationIdentifier (NTRDK-<CVR>)"));
        } else if (reader.cvr() == null) {
            findings.add(Finding.error(CVR_INVALID, "The organizationIdentifier '" + identifier + "' is not NTRDK-<8 digits>"));
        } else if (!Cvr.isValid(reader.cvr())) {
            findings.add(Finding.error(CVR_INVALID, "The CVR number " + reader.cvr() + " fails the modulus-11 check"));
        }
    }

    private static void checkKey(PublicKey key, int minRsaBits, List<Finding> findings) {
        if (key instanceof RSAKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < minRsaBits) {
                findings.add(Finding.error(WEAK_KEY, "The RSA key has " + bits + " bits; at least " + minRsaBits + " are required"));
            }
        } else if (!(key instanceof ECKey)) {
            findings.add(Finding.error(WEAK_KEY, "The key algorithm " + key.getAlgorithm() + " is neither RSA nor EC"));
        }
    }

    private static void checkKeyUsage(X509Certificate leaf, List<Finding> findings) {
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && !keyUsage[KEY_USAGE_DIGITAL_SIGNATURE]) {
            findings.add(Finding.error(KEY_USAGE, "The key usage does not allow digitalSignature"));
        }
    }

    private static void checkExpectedCvr(String cvr, String expected, List<Finding> findings) {
        if (expected != null && cvr != null && !cvr.equals(expected)) {
            findings.add(Finding.error(CVR_MISMATCH, "The certificate is for CVR " + cvr + ", expected " + expected));
        }
    }
}
