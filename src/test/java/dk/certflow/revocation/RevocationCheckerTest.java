package dk.certflow.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dk.certflow.findings.FindingCode;
import dk.certflow.findings.Severity;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.pki.SharedPki;
import dk.certflow.pki.TestPki;
import dk.certflow.revocation.RevocationStatus.Status;
import dk.certflow.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checker against a real OCSP responder and CRL server on loopback. */
class RevocationCheckerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final TestPki pki = SharedPki.production();
    private TestRevocationServer server;
    private IssuedCertificate leaf;
    private RevocationChecker checker;

    @BeforeEach
    void start() throws IOException {
        server = new TestRevocationServer(pki.issuing());
        leaf = pki.leaf().keyPair(SharedPki.leafKey()).revocationUrls(server.ocspUrl(), server.crlUrl()).issue();
        checker = new RevocationChecker(new JdkRevocationFetcher(TIMEOUT, null), null, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RevocationStatus check() {
        return checker.check(leaf.certificate(), pki.issuing().certificate());
    }

    @Test
    void aGoodCertificateIsGoodByOcsp() {
        RevocationStatus status = check();

        assertThat(status.status()).isEqualTo(Status.GOOD);
        assertThat(status.source()).isEqualTo("OCSP " + server.ocspUrl());
        assertThat(server.crlRequests()).isZero();
        assertThat(new Revocation(RevocationMode.HARD_FAIL, checker).finding(status)).isEmpty();
    }

    @Test
    void aRevokedCertificateIsRevokedWithItsTimeAndReason() {
        Instant at = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        server.revoke(leaf.certificate(), at, CRLReason.keyCompromise);

        RevocationStatus status = check();

        assertThat(status.status()).isEqualTo(Status.REVOKED);
        assertThat(status.revokedAt()).isEqualTo(at);
        assertThat(status.reason()).isEqualTo("keyCompromise");
        var finding = new Revocation(RevocationMode.SOFT_FAIL, checker).finding(status).orElseThrow();
        assertThat(finding.code()).isEqualTo(FindingCode.REVOKED);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.message()).contains(at.toString()).contains("keyCompromise");
    }

    @Test
    void noAnswerAnywhereIsUnknownAWarningInSoftFailAnErrorInHardFail() {
        server.stopOcsp();
        server.stopCrl();

        RevocationStatus status = check();

        assertThat(status.status()).isEqualTo(Status.UNKNOWN);
        assertThat(status.reason()).contains("OCSP " + server.ocspUrl()).contains("CRL " + server.crlUrl());
        assertThat(new Revocation(RevocationMode.SOFT_FAIL, checker).finding(status).orElseThrow())
                .extracting(f -> f.code(), f -> f.severity())
                .containsExactly(FindingCode.REVOCATION_UNKNOWN, Severity.WARNING);
        assertThat(new Revocation(RevocationMode.HARD_FAIL, checker).finding(status).orElseThrow())
                .extracting(f -> f.code(), f -> f.severity())
                .containsExactly(FindingCode.REVOCATION_UNKNOWN, Severity.ERROR);
    }

    @Test
    void ocspDownButTheCrlListsItIsRevoked() {
        server.revoke(leaf.certificate(), Instant.now().minus(Duration.ofHours(3)), CRLReason.cessationOfOperation);
        server.stopOcsp();

        RevocationStatus status = check();

        assertThat(status.status()).isEqualTo(Status.REVOKED);
        assertThat(status.reason()).isEqualTo("cessationOfOperation");
        assertThat(status.source()).isEqualTo("CRL " + server.crlUrl());
    }

    @Test
    void anAnswerSignedByAWrongKeyIsNeverTrusted() throws Exception {
        KeyPair wrong = SharedPki.weakKey();
        server.signWith(wrong.getPrivate(), null);
        server.stopCrl();

        RevocationStatus status = check();

        assertThat(status.status()).isEqualTo(Status.UNKNOWN);
        assertThat(status.reason()).contains("not signed by the issuing CA");
    }

    @Test
    void aResponderCertificateFromAnotherCaIsNeverTrusted() throws Exception {
        KeyPair keys = SharedPki.weakKey();
        server.signWith(keys.getPrivate(), TestRevocationServer.responderCertificate(SharedPki.lookAlike().issuing(), keys, true));
        server.stopCrl();

        assertThat(check().status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void aDelegatedResponderWithOcspSigningIsTrusted() throws Exception {
        KeyPair keys = SharedPki.weakKey();
        server.signWith(keys.getPrivate(), TestRevocationServer.responderCertificate(pki.issuing(), keys, true));
        server.revoke(leaf.certificate(), Instant.now().minus(Duration.ofDays(1)), CRLReason.superseded);
        server.stopCrl();

        RevocationStatus status = check();

        assertThat(status.status()).isEqualTo(Status.REVOKED);
        assertThat(status.reason()).isEqualTo("superseded");
    }

    @Test
    void aDelegatedResponderWithoutOcspSigningIsNotTrusted() throws Exception {
        KeyPair keys = SharedPki.weakKey();
        server.signWith(keys.getPrivate(), TestRevocationServer.responderCertificate(pki.issuing(), keys, false));
        server.stopCrl();

        assertThat(check().status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void aStaleAnswerIsNoAnswer() {
        server.dating(Duration.ofDays(3), Duration.ofDays(-2));

        RevocationStatus status = check();

        assertThat(status.status()).isEqualTo(Status.UNKNOWN);
        assertThat(status.reason()).contains("stale");
    }

    @Test
    void anAnswerIsKeptUntilItsNextUpdate() {
        assertThat(check().status()).isEqualTo(Status.GOOD);
        assertThat(check().status()).isEqualTo(Status.GOOD);
        assertThat(server.ocspRequests()).isEqualTo(1);

        MutableClock clock = new MutableClock(Instant.now());
        RevocationChecker moving = new RevocationChecker(new JdkRevocationFetcher(TIMEOUT, null), null, clock);
        moving.check(leaf.certificate(), pki.issuing().certificate());
        clock.advance(Duration.ofHours(2)); // past the answer's nextUpdate (one hour)
        server.dating(Duration.ofMinutes(-119), Duration.ofHours(3)); // the responder's next answer is current then
        moving.check(leaf.certificate(), pki.issuing().certificate());
        assertThat(server.ocspRequests()).isEqualTo(3);
    }

    @Test
    void theResponderOverrideIsAskedInsteadOfTheCertificatesOwn() {
        IssuedCertificate elsewhere = pki.leaf().keyPair(SharedPki.leafKey())
                .revocationUrls("http://127.0.0.1:1/nowhere", "http://127.0.0.1:1/nowhere.crl").issue();
        RevocationChecker relayed = new RevocationChecker(new JdkRevocationFetcher(TIMEOUT, null), URI.create(server.ocspUrl()), Clock.systemUTC());

        RevocationStatus status = relayed.check(elsewhere.certificate(), pki.issuing().certificate());

        assertThat(status.status()).isEqualTo(Status.GOOD);
        assertThat(status.source()).isEqualTo("OCSP " + server.ocspUrl());
    }

    @Test
    void anUnknownFromTheResponderFallsBackToTheCrl() {
        server.unknown(leaf.certificate());

        RevocationStatus status = check();

        assertThat(status.status()).isEqualTo(Status.GOOD);
        assertThat(status.source()).isEqualTo("CRL " + server.crlUrl());
    }

    @Test
    void theRealOces3LeavesNameTheirResponderAndCrl() throws Exception {
        X509Certificate test = real("/oces/leaves/kombit-sp-devtest4-demoklient-sf0101-1.pem");
        X509Certificate production = real("/oces/leaves/skat-emcs-sp-prod-2025.pem");

        assertThat(RevocationChecker.ocspResponders(test)).containsExactly(URI.create("http://ca1.cti-gov.dk/ocsp"));
        assertThat(RevocationChecker.crlDistributionPoints(test))
                .containsExactly(URI.create("http://ca1.cti-gov.dk/oces/issuing/1/crl/issuing.crl"));
        assertThat(RevocationChecker.ocspResponders(production)).containsExactly(URI.create("http://ca1.gov.dk/ocsp"));
        assertThat(RevocationChecker.crlDistributionPoints(production))
                .containsExactly(URI.create("http://ca1.gov.dk/oces/issuing/1/crl/issuing.crl"));
    }

    private static X509Certificate real(String resource) throws Exception {
        try (InputStream in = RevocationCheckerTest.class.getResourceAsStream(resource)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
