package dk.certflow.oces;

import static org.assertj.core.api.Assertions.assertThat;

import dk.certflow.findings.Finding;
import dk.certflow.findings.FindingCode;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.pki.SharedPki;
import java.io.InputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real public OCES3 leaves (see the oces-ca SOURCES table) judged against the bundled CAs. */
class RealLeavesTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Set<String> EXPIRED = Set.of("skat-b2b-gateway-tse-prod-2023", "skat-b2b-gateway-tse-test-2023",
            "kombit-adg-exttest-adgangsstyring-1", "kombit-sp-exttest-signing-1", "nemlogin-idp-test-2026");

    private final TrustStore bundled = TrustStore.bundled();
    private final OcesJudge judge = new OcesJudge(bundled, Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "skat-emcs-sp-prod-2025, production, 19552101",
        "skat-b2b-gateway-tse-prod-2023, production, 19552101",
        "skat-b2b-gateway-tse-prod-2026, production, 19552101",
        "skat-emcs-sp-test-2024, test, 19552101",
        "skat-b2b-gateway-tse-test-2023, test, 19552101",
        "skat-b2b-gateway-tse-test-2026, test, 19552101",
        "kombit-adg-exttest-adgangsstyring-1, production, 19435075",
        "kombit-adg-exttest-adgangsstyring-2, production, 19435075",
        "kombit-sp-exttest-signing-1, production, 19435075",
        "kombit-sp-devtest4-demoklient-sf0101-1, test, 19435075",
        "nemlogin-idp-test-2026, test, 34051178",
        "nemlogin-idp-test-2028, test, 34051178"
    })
    void judgesRealLeaf(String name, String environment, String cvr) throws Exception {
        X509Certificate leaf = load(name);

        Judgement judgement = judge.judge(leaf, List.of(), JudgeSettings.defaults().withExpectedCvr(cvr));

        List<FindingCode> errors = judgement.findings().stream().filter(Finding::isError).map(Finding::code).toList();
        assertThat(errors).isEqualTo(EXPIRED.contains(name) ? List.of(FindingCode.EXPIRED) : List.of());
        CertificateFacts facts = judgement.facts();
        assertThat(facts.cvr()).isEqualTo(cvr);
        assertThat(facts.environment()).isEqualTo(environment);
        assertThat(facts.type()).isEqualTo("organisation");
        assertThat(facts.keySize()).isEqualTo(3072);
        assertThat(facts.signatureAlgorithm()).isEqualTo("RSASSA-PSS with SHA-256");
        assertThat(facts.daysLeft() < 0).isEqualTo(EXPIRED.contains(name));

        String prefix = environment.equals("production") ? "prod" : "test";
        assertThat(judgement.chain()).containsExactly(leaf,
                bundledCa("trust/" + prefix + "-issuing-1.pem"), bundledCa("trust/" + prefix + "-root.pem"));
    }

    @Test
    void testLeafWhereProductionIsRequired() throws Exception {
        Judgement judgement = judge.judge(load("skat-emcs-sp-test-2024"), List.of(),
                JudgeSettings.defaults().withEnvironment(OcesEnvironment.PRODUCTION));

        assertThat(judgement.findings()).extracting(Finding::code).containsExactly(FindingCode.WRONG_ENVIRONMENT);
    }

    @Test
    void factsOfARealLeaf() throws Exception {
        CertificateFacts facts = judge.judge(load("skat-emcs-sp-prod-2025"), List.of(), JudgeSettings.defaults()).facts();

        assertThat(facts.subject()).isEqualTo("C=DK,organizationIdentifier=NTRDK-19552101,O=Skatteforvaltningen,"
                + "serialNumber=UI:DK-O:G:caa765bd-2d71-44d5-9eb9-6c1b776d795d,CN=EMCS-SP-Prod");
        assertThat(facts.issuer()).isEqualTo("C=DK,O=Den Danske Stat,CN=Den Danske Stat OCES udstedende-CA 1");
        assertThat(facts.organisation()).isEqualTo("Skatteforvaltningen");
        assertThat(facts.uuid()).isEqualTo("caa765bd-2d71-44d5-9eb9-6c1b776d795d");
        assertThat(facts.notAfter()).isEqualTo(Instant.parse("2028-02-24T07:27:39Z"));
        assertThat(facts.policies()).containsExactly("0.4.0.2042.1.1", "1.2.208.169.1.1.1.3.7.1");
        assertThat(facts.keyAlgorithm()).isEqualTo("RSA");
        // reference values from openssl x509 -fingerprint / -serial
        assertThat(facts.sha256Fingerprint()).isEqualTo("472EC23CCAFDEB2C1E8D576C8989A986604F5314C1390E95EB277BFA95EF479A");
        assertThat(facts.sha1Thumbprint()).isEqualTo("3C450FDA26F543506B4CA9B2544BBBE466FB79F4");
        assertThat(facts.serialNumber()).isEqualTo("772056C9EE0BA2EEEF7E2F9C8F2BD268DFFAA28E");
    }

    @Test
    void aCaWithTheRealNamesButAnotherKeyIsRejected() {
        // the throw-away PKI uses exactly the real production names, with its own keys
        IssuedCertificate impostor = SharedPki.production().leaf().keyPair(SharedPki.leafKey())
                .validity(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(1000))).issue();

        Judgement judgement = judge.judge(impostor.certificate(), impostor.issuers(), JudgeSettings.defaults());

        assertThat(judgement.findings()).extracting(Finding::code).containsExactly(FindingCode.CHAIN_UNTRUSTED);
        assertThat(judgement.facts().environment()).isEqualTo("unknown");
    }

    private static X509Certificate load(String name) throws Exception {
        return read("oces/leaves/" + name + ".pem");
    }

    private static X509Certificate bundledCa(String resource) throws Exception {
        return read(resource);
    }

    private static X509Certificate read(String resource) throws Exception {
        try (InputStream in = RealLeavesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
