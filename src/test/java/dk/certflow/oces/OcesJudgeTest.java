package dk.certflow.oces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dk.certflow.findings.Finding;
import dk.certflow.findings.FindingCode;
import dk.certflow.findings.Severity;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.pki.LeafBuilder;
import dk.certflow.pki.SharedPki;
import dk.certflow.pki.TestPki;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/** Each rule of the judge, on certificates from throw-away OCES3-like PKIs. */
class OcesJudgeTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final JudgeSettings DEFAULTS = JudgeSettings.defaults();

    /** Roots only: the issuing CAs must come with the leaf, as in a PKCS#12 file. */
    private final TrustStore trust = TrustStore.of(List.of(
            SharedPki.production().root().certificate(), SharedPki.test().root().certificate()));
    private final OcesJudge judge = new OcesJudge(trust, Clock.fixed(NOW, ZoneOffset.UTC));

    private static LeafBuilder leaf(TestPki pki) {
        return pki.leaf().keyPair(SharedPki.leafKey()).cvr("19552101")
                .validity(NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(700)));
    }

    private Judgement judge(IssuedCertificate leaf, JudgeSettings settings) {
        return judge.judge(leaf.certificate(), leaf.issuers(), settings);
    }

    private Judgement judge(IssuedCertificate leaf) {
        return judge(leaf, DEFAULTS);
    }

    private static List<FindingCode> codes(Judgement judgement) {
        return judgement.findings().stream().map(Finding::code).toList();
    }

    @Test
    void acceptsAGoodOrganisationCertificate() {
        IssuedCertificate leaf = leaf(SharedPki.production()).issue();
        Judgement judgement = judge(leaf, DEFAULTS.withExpectedCvr("19552101").withEnvironment(OcesEnvironment.PRODUCTION));

        assertThat(judgement.findings()).isEmpty();
        assertThat(judgement.valid()).isTrue();
        assertThat(judgement.chain()).containsExactlyElementsOf(leaf.chain());
        CertificateFacts facts = judgement.facts();
        assertThat(facts.cvr()).isEqualTo("19552101");
        assertThat(facts.type()).isEqualTo("organisation");
        assertThat(facts.environment()).isEqualTo("production");
        assertThat(facts.daysLeft()).isEqualTo(700);
        assertThat(facts.keySize()).isEqualTo(3072);
        assertThat(facts.signatureAlgorithm()).isEqualTo("RSASSA-PSS with SHA-256");
        assertThat(facts.policies()).containsExactly("0.4.0.2042.1.1", "1.2.208.169.1.1.1.3.7.1");
        assertThat(facts.subject()).contains("organizationIdentifier=NTRDK-19552101", "serialNumber=UI:DK-O:G:" + facts.uuid());
        assertThat(facts.sha256Fingerprint()).matches("[0-9A-F]{64}");
        assertThat(facts.sha1Thumbprint()).matches("[0-9A-F]{40}");
    }

    @Test
    void validatesPssChainsCompletingIntermediatesFromTheTrustStore() {
        TestPki pki = SharedPki.production();
        TrustStore withIntermediate = TrustStore.of(List.of(pki.root().certificate(), pki.issuing().certificate()));
        IssuedCertificate leaf = leaf(pki).issue();

        Judgement judgement = new OcesJudge(withIntermediate, Clock.fixed(NOW, ZoneOffset.UTC))
                .judge(leaf.certificate(), List.of(), DEFAULTS);

        assertThat(judgement.findings()).isEmpty();
        assertThat(judgement.chain()).containsExactly(leaf.certificate(), pki.issuing().certificate(), pki.root().certificate());
        assertThat(judgement.chain()).allSatisfy(certificate -> assertThat(certificate.getSigAlgName()).isEqualTo("RSASSA-PSS"));
    }

    @Test
    void expired() {
        Judgement judgement = judge(leaf(SharedPki.production())
                .validity(NOW.minus(Duration.ofDays(1100)), NOW.minus(Duration.ofDays(3))).issue());
        assertThat(codes(judgement)).containsExactly(FindingCode.EXPIRED);
        assertThat(judgement.facts().daysLeft()).isEqualTo(-3);
        assertThat(judgement.chain()).hasSize(3);
    }

    @Test
    void notYetValid() {
        Judgement judgement = judge(leaf(SharedPki.production())
                .validity(NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(900))).issue());
        assertThat(codes(judgement)).containsExactly(FindingCode.NOT_YET_VALID);
    }

    @Test
    void expiresSoonIsAnErrorBelowTheMinimumAndAWarningBelowTheWarningLevel() {
        Judgement error = judge(leaf(SharedPki.production())
                .validity(NOW.minus(Duration.ofDays(900)), NOW.plus(Duration.ofDays(10))).issue());
        Judgement warning = judge(leaf(SharedPki.production())
                .validity(NOW.minus(Duration.ofDays(900)), NOW.plus(Duration.ofDays(30))).issue());

        assertThat(error.findings()).extracting(Finding::code, Finding::severity)
                .containsExactly(tuple(FindingCode.EXPIRES_SOON, Severity.ERROR));
        assertThat(warning.findings()).extracting(Finding::code, Finding::severity)
                .containsExactly(tuple(FindingCode.EXPIRES_SOON, Severity.WARNING));
        assertThat(warning.valid()).isTrue();
    }

    @Test
    void chainUntrustedWhenTheIssuerIsMissing() {
        IssuedCertificate leaf = leaf(SharedPki.production()).issue();
        Judgement judgement = judge.judge(leaf.certificate(), List.of(), DEFAULTS);

        assertThat(codes(judgement)).containsExactly(FindingCode.CHAIN_UNTRUSTED);
        assertThat(judgement.findings().get(0).message()).contains("not in the trust store");
        assertThat(judgement.facts().environment()).isEqualTo("unknown");
        assertThat(judgement.chain()).containsExactly(leaf.certificate());
    }

    @Test
    void lookAlikeCaWithTheRealNamesIsNotTrusted() {
        IssuedCertificate fake = leaf(SharedPki.lookAlike()).issue();
        assertThat(fake.certificate().getIssuerX500Principal())
                .isEqualTo(SharedPki.production().issuing().certificate().getSubjectX500Principal());
        TrustStore realWithIntermediate = TrustStore.of(List.of(SharedPki.production().root().certificate(),
                SharedPki.production().issuing().certificate()));

        Judgement judgement = new OcesJudge(realWithIntermediate, Clock.fixed(NOW, ZoneOffset.UTC))
                .judge(fake.certificate(), fake.issuers(), DEFAULTS);

        assertThat(codes(judgement)).containsExactly(FindingCode.CHAIN_UNTRUSTED);
        assertThat(judgement.findings().get(0).message()).contains("look-alike");
        assertThat(judgement.chain()).containsExactlyElementsOf(fake.chain());
    }

    @Test
    void detectsTheEnvironmentFromTheAnchor() {
        assertThat(judge(leaf(SharedPki.production()).issue()).facts().environment()).isEqualTo("production");
        assertThat(judge(leaf(SharedPki.test()).issue()).facts().environment()).isEqualTo("test");

        TestPki other = SharedPki.oces2();
        IssuedCertificate otherLeaf = leaf(other).issue();
        Judgement judgement = new OcesJudge(TrustStore.of(List.of(other.root().certificate())), Clock.fixed(NOW, ZoneOffset.UTC))
                .judge(otherLeaf.certificate(), otherLeaf.issuers(), DEFAULTS.withEnvironment(OcesEnvironment.PRODUCTION));
        assertThat(judgement.chain()).containsExactlyElementsOf(otherLeaf.chain());
        assertThat(judgement.facts().environment()).isEqualTo("unknown");
        assertThat(codes(judgement)).doesNotContain(FindingCode.WRONG_ENVIRONMENT, FindingCode.CHAIN_UNTRUSTED);
    }

    @Test
    void wrongEnvironmentInBothDirections() {
        IssuedCertificate testLeaf = leaf(SharedPki.test()).issue();
        IssuedCertificate productionLeaf = leaf(SharedPki.production()).issue();

        assertThat(codes(judge(testLeaf, DEFAULTS.withEnvironment(OcesEnvironment.PRODUCTION))))
                .containsExactly(FindingCode.WRONG_ENVIRONMENT);
        assertThat(codes(judge(productionLeaf, DEFAULTS.withEnvironment(OcesEnvironment.TEST))))
                .containsExactly(FindingCode.WRONG_ENVIRONMENT);
        assertThat(judge(testLeaf, DEFAULTS.withEnvironment(OcesEnvironment.TEST)).findings()).isEmpty();
    }

    @Test
    void oces2CertificateIsExplainedInsteadOfAnUntrustedChain() {
        IssuedCertificate leaf = leaf(SharedPki.oces2()).cvr("12345678").issue();
        assertThat(leaf.certificate().getSubjectX500Principal().toString()).contains("CVR:12345678-FID:");

        Judgement judgement = judge(leaf, DEFAULTS.withExpectedCvr("12345678"));

        assertThat(codes(judgement)).containsExactly(FindingCode.OCES2_CERTIFICATE);
        assertThat(judgement.findings().get(0).message()).contains("31 October 2023");
        assertThat(judgement.facts().cvr()).isEqualTo("12345678");
    }

    @Test
    void oces2PolicyAloneIsRecognised() {
        Judgement judgement = judge(leaf(SharedPki.production()).policies("1.2.208.169.1.1.1.1.5").issue());
        assertThat(codes(judgement)).containsExactly(FindingCode.OCES2_CERTIFICATE);
    }

    @Test
    void notOces3WhenTheOrganisationPoliciesAreMissing() {
        assertThat(codes(judge(leaf(SharedPki.production()).policies("1.2.3.4").issue())))
                .containsExactly(FindingCode.NOT_OCES3);
        assertThat(codes(judge(leaf(SharedPki.production()).policies("1.2.208.169.1.1.1.3.7").issue())))
                .containsExactly(FindingCode.NOT_OCES3);
        assertThat(judge(leaf(SharedPki.production()).policies("0.4.0.2042.1.1", "1.2.208.169.1.1.1.3.7").issue())
                .findings()).isEmpty();
    }

    @Test
    void employeeCertificateIsTheWrongType() {
        Judgement judgement = judge(leaf(SharedPki.production()).employee("Jens", "Hansen").issue());
        assertThat(codes(judgement)).containsExactly(FindingCode.WRONG_CERTIFICATE_TYPE);
        assertThat(judgement.facts().type()).isEqualTo("employee");
        assertThat(judgement.facts().subject()).contains("givenName=Jens", "surname=Hansen", "serialNumber=UI:DK-E:G:");
    }

    @Test
    void weakRsaKey() {
        Judgement judgement = judge(leaf(SharedPki.production()).keyPair(SharedPki.weakKey()).issue());
        assertThat(codes(judgement)).containsExactly(FindingCode.WEAK_KEY);
        assertThat(judgement.findings().get(0).message()).contains("2048");
        assertThat(judge(leaf(SharedPki.production()).keyPair(SharedPki.weakKey()).issue(),
                new JudgeSettings(OcesEnvironment.ANY, null, 14, 60, 2048)).findings()).isEmpty();
    }

    @Test
    void ecKeysAreAcceptedAndOtherAlgorithmsAreWeak() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");

        Judgement ecJudgement = judge(leaf(SharedPki.production()).keyPair(ec.generateKeyPair()).issue());
        Judgement edJudgement = judge(leaf(SharedPki.production()).keyPair(ed.generateKeyPair()).issue());

        assertThat(ecJudgement.findings()).isEmpty();
        assertThat(ecJudgement.facts().keyAlgorithm()).isEqualTo("EC");
        assertThat(ecJudgement.facts().keySize()).isEqualTo(256);
        assertThat(codes(edJudgement)).containsExactly(FindingCode.WEAK_KEY);
    }

    @Test
    void keyUsageWithoutDigitalSignature() {
        assertThat(codes(judge(leaf(SharedPki.production()).withoutDigitalSignature().issue())))
                .containsExactly(FindingCode.KEY_USAGE);
        assertThat(judge(leaf(SharedPki.production()).keyUsage(KeyUsage.digitalSignature).issue()).findings()).isEmpty();
    }

    @Test
    void cvrInvalidWhenMissingMalformedOrFailingModulus11() {
        List<IssuedCertificate> leaves = List.of(
                leaf(SharedPki.production()).withoutCvr().issue(),
                leaf(SharedPki.production()).organizationIdentifier("NTRDK-1955210").issue(),
                leaf(SharedPki.production()).organizationIdentifier("VATDK-19552101").issue(),
                leaf(SharedPki.production()).cvr("12345678").issue());

        assertThat(leaves).allSatisfy(leaf -> assertThat(codes(judge(leaf))).containsExactly(FindingCode.CVR_INVALID));
        assertThat(judge(leaves.get(0)).facts().cvr()).isNull();
    }

    @Test
    void cvrMismatch() {
        Judgement judgement = judge(leaf(SharedPki.production()).cvr("19435075").issue(), DEFAULTS.withExpectedCvr("19552101"));
        assertThat(codes(judgement)).containsExactly(FindingCode.CVR_MISMATCH);
        assertThat(judgement.findings().get(0).message()).contains("19435075", "19552101");
        assertThat(judge(leaf(SharedPki.production()).issue(), DEFAULTS.withExpectedCvr(" ")).findings()).isEmpty();
    }

    @Test
    void independentFaultsAreAllReported() {
        Judgement judgement = judge(leaf(SharedPki.test()).keyPair(SharedPki.weakKey()).withoutDigitalSignature()
                .cvr("19435075").validity(NOW.minus(Duration.ofDays(1000)), NOW.minus(Duration.ofDays(1))).issue(),
                new JudgeSettings(OcesEnvironment.PRODUCTION, "19552101", 14, 60, 3072));
        assertThat(codes(judgement)).containsExactlyInAnyOrder(FindingCode.EXPIRED, FindingCode.WRONG_ENVIRONMENT,
                FindingCode.WEAK_KEY, FindingCode.KEY_USAGE, FindingCode.CVR_MISMATCH);
    }
}
