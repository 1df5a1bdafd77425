package dk.certflow.service;

import static dk.certflow.service.TestBundles.drop;
import static dk.certflow.service.TestBundles.dropSidecar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dk.certflow.json.Json;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.pki.SharedPki;
import dk.certflow.revocation.TestRevocationServer;
import dk.certflow.testing.MutableClock;
import dk.certflow.testing.TestHttpServer;
import dk.certflow.testing.TestHttpServer.Recorded;
import dk.certflow.testing.TestHttpServer.Reply;
import jakarta.mail.MessagingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation in the running service, against an OCSP responder and CRL server on loopback: checked at intake,
 * re-checked by the watch, one certificate.revoked notice on every channel, never again after a restart; and a
 * certificate accepted with a deadline already near gets its notice at once.
 */
class RevocationServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path temp;

    @Test
    void acceptedAsGoodThenRevokedGivesOneCriticalNoticeAndNoneAfterARestart() throws Exception {
        try (TestRevocationServer ocsp = new TestRevocationServer(SharedPki.test().issuing());
             TestHttpServer webhook = TestHttpServer.start().otherwise(Reply.status(200))) {
            MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            IssuedCertificate leaf = leaf(ocsp, "19552101", Duration.ofDays(1000));
            String fingerprint = FlowTest.fingerprint(leaf);
            Map<String, String> settings = settings(webhook);
            try (RunningService service = RunningService.start(temp.resolve("data"), settings, clock)) {
                dropSidecar(service.drop(), "org.properties", "password=" + TestBundles.PASSWORD);
                drop(service.drop(), "org.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
                await().atMost(PATIENCE).until(() -> TestBundles.exists(service.data().resolve("archive"), "org", 4));
                // the answer is remembered just after the bundle is archived: wait for it rather than race it
                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(certificate(service, fingerprint).at("/revocation/status").asText()).isEqualTo("good"));
                JsonNode good = certificate(service, fingerprint).path("revocation");
                assertThat(good.path("checkedAt").isMissingNode() || good.path("checkedAt").isNull()).isFalse();

                Instant revokedAt = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
                ocsp.revoke(leaf.certificate(), revokedAt, CRLReason.keyCompromise);
                // two hours on, the good answer (kept until its nextUpdate, one hour) is asked again, and answered current
                clock.advance(Duration.ofHours(2));
                ocsp.dating(Duration.ofMinutes(-119), Duration.ofHours(3));
                service.run("direct:expiry-watch");
                service.run("direct:expiry-watch");

                Recorded notice = await().atMost(PATIENCE).until(() -> notices(webhook), l -> l.size() == 1).get(0);
                JsonNode event = Json.mapper().readTree(notice.body());
                assertThat(event.path("severity").asText()).isEqualTo("CRITICAL");
                assertThat(event.path("text").asText()).contains(revokedAt.toString(), "keyCompromise", "19552101");
                assertThat(event.at("/certificate/sha256Fingerprint").asText()).isEqualTo(fingerprint);
                await().atMost(PATIENCE).until(() -> revokedMails().size() == 1);
                assertThat(eventsLogged(service.data(), "certificate.revoked")).isEqualTo(1);

                JsonNode revoked = certificate(service, fingerprint).path("revocation");
                assertThat(revoked.path("status").asText()).isEqualTo("revoked");
                assertThat(Instant.parse(revoked.path("revokedAt").asText())).isEqualTo(revokedAt);
                assertThat(revoked.path("reason").asText()).isEqualTo("keyCompromise");
                assertThat(service.get("/observe/metrics").body()).contains("certflow_certificate_revoked{cvr=\"19552101\",fingerprint=\""
                        + fingerprint + "\",profile=\"CVR\"} 1.0");
            }
            try (RunningService again = RunningService.start(temp.resolve("data"), settings, clock)) {
                again.run("direct:expiry-watch");
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> notices(webhook).size() == 1 && revokedMails().size() == 1);
                assertThat(eventsLogged(again.data(), "certificate.revoked")).isEqualTo(1);
            }
        }
    }

    @Test
    void aRevokedCertificateIsRefusedAtIntakeAndHardFailRefusesOneWithoutAnswer() throws Exception {
        try (TestRevocationServer ocsp = new TestRevocationServer(SharedPki.test().issuing());
             TestHttpServer webhook = TestHttpServer.start().otherwise(Reply.status(200))) {
            IssuedCertificate revoked = leaf(ocsp, "19552101", Duration.ofDays(1000));
            ocsp.revoke(revoked.certificate(), Instant.now().minus(Duration.ofDays(1)), CRLReason.affiliationChanged);
            IssuedCertificate unanswered = SharedPki.test().leaf().cvr("34051178").keyPair(SharedPki.leafKey())
                    .revocationUrls("http://127.0.0.1:1/ocsp", "http://127.0.0.1:1/issuing.crl").issue();
            Map<String, String> settings = settings(webhook);
            settings.put("certflow.revocation.mode", "hard-fail");
            try (RunningService service = RunningService.start(temp.resolve("data"), settings, null)) {
                dropSidecar(service.drop(), "revoked.properties", "password=" + TestBundles.PASSWORD);
                drop(service.drop(), "revoked.p12", TestBundles.pkcs12(revoked, temp, TestBundles.PASSWORD));
                dropSidecar(service.drop(), "silent.properties", "password=" + TestBundles.PASSWORD);
                drop(service.drop(), "silent.p12", TestBundles.pkcs12(unanswered, temp, TestBundles.PASSWORD));

                Path reason = await().atMost(PATIENCE).until(() -> reasonOf(service, "revoked"), java.util.Objects::nonNull);
                assertThat(Files.readString(reason)).contains("REVOKED", "affiliationChanged");
                Path silent = await().atMost(PATIENCE).until(() -> reasonOf(service, "silent"), java.util.Objects::nonNull);
                assertThat(Files.readString(silent)).contains("REVOCATION_UNKNOWN", "127.0.0.1:1");
            }
        }
    }

    @Test
    void aCertificateAcceptedWithFortyFourDaysLeftGetsItsSixtyDayNoticeAtOnce() throws Exception {
        try (TestRevocationServer ocsp = new TestRevocationServer(SharedPki.test().issuing());
             TestHttpServer webhook = TestHttpServer.start().otherwise(Reply.status(200))) {
            IssuedCertificate leaf = leaf(ocsp, "19552101", Duration.ofDays(44).plusHours(12));
            Map<String, String> settings = settings(webhook);
            try (dk.certflow.testing.LogCapture log = new dk.certflow.testing.LogCapture();
                 RunningService service = RunningService.start(temp.resolve("data"), settings, null)) {
                // the watch at start runs over an empty inventory; the next scheduled one is tomorrow at 07:00
                await().atMost(Duration.ofSeconds(20)).until(() -> log.messages().stream().anyMatch(m -> m.startsWith("expiry watch: ")));
                dropSidecar(service.drop(), "soon.properties", "password=" + TestBundles.PASSWORD);
                drop(service.drop(), "soon.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));

                Recorded notice = await().atMost(Duration.ofSeconds(10))
                        .until(() -> webhook.requests().stream().filter(r -> r.bodyText().contains("\"event\":\"certificate.expiring\"")).toList(),
                                l -> l.size() == 1).get(0);
                JsonNode event = Json.mapper().readTree(notice.body());
                assertThat(event.path("threshold").asInt()).isEqualTo(60);
                assertThat(event.path("daysLeft").asInt()).isEqualTo(44);
                assertThat(event.path("severity").asText()).isEqualTo("WARNING");
            }
        }
    }

    /** What a responder (and the CRL server beside it) does, and what the service must make of it at intake. */
    private record Scenario(String name, java.util.function.BiConsumer<TestRevocationServer, IssuedCertificate> setUp, String expected) {
    }

    @Test
    void everyKindOfAnswerIsJudgedAtIntakeInSoftFail() throws Exception {
        java.security.KeyPair delegate = dk.certflow.pki.TestPki.rsaKeyPair(2048);
        java.security.KeyPair wrong = dk.certflow.pki.TestPki.rsaKeyPair(2048);
        List<Scenario> scenarios = List.of(
                new Scenario("good", (server, leaf) -> { }, "good"),
                new Scenario("delegated", (server, leaf) -> {
                    server.signWith(delegate.getPrivate(), responderCertificate(delegate));
                    server.stopCrl();
                }, "good"),
                new Scenario("wrongkey", (server, leaf) -> {
                    server.signWith(wrong.getPrivate(), null);
                    server.stopCrl();
                }, "unknown"),
                new Scenario("stale", (server, leaf) -> {
                    server.dating(Duration.ofDays(3), Duration.ofDays(-2));
                    server.stopCrl();
                }, "unknown"),
                new Scenario("down", (server, leaf) -> {
                    server.stopOcsp();
                    server.stopCrl();
                }, "unknown"),
                new Scenario("crlonly", (server, leaf) -> {
                    server.revoke(leaf.certificate(), Instant.now().minus(Duration.ofDays(2)), CRLReason.superseded);
                    server.stopOcsp();
                }, "REVOKED"));
        List<TestRevocationServer> servers = new java.util.ArrayList<>();
        try (TestHttpServer webhook = TestHttpServer.start().otherwise(Reply.status(200));
             RunningService service = RunningService.start(temp.resolve("data"), settings(webhook), null)) {
            Map<String, String> fingerprints = new java.util.HashMap<>();
            for (Scenario scenario : scenarios) {
                TestRevocationServer server = new TestRevocationServer(SharedPki.test().issuing());
                servers.add(server);
                IssuedCertificate leaf = leaf(server, "19552101", Duration.ofDays(900));
                scenario.setUp().accept(server, leaf);
                fingerprints.put(scenario.name(), FlowTest.fingerprint(leaf));
                dropSidecar(service.drop(), scenario.name() + ".properties", "password=" + TestBundles.PASSWORD, "profile=" + scenario.name());
                drop(service.drop(), scenario.name() + ".p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
            }
            for (Scenario scenario : scenarios) {
                if (scenario.expected().equals("REVOKED")) {
                    Path reason = await().atMost(PATIENCE).until(() -> reasonOf(service, scenario.name()), java.util.Objects::nonNull);
                    assertThat(Files.readString(reason)).as(scenario.name()).contains("REVOKED", "superseded");
                } else {
                    await().atMost(PATIENCE).until(() -> TestBundles.exists(service.data().resolve("archive"), scenario.name(), 4));
                    await().atMost(PATIENCE).untilAsserted(() -> assertThat(certificate(service, fingerprints.get(scenario.name()))
                            .at("/revocation/status").asText()).as(scenario.name()).isEqualTo(scenario.expected()));
                }
            }
        } finally {
            servers.forEach(TestRevocationServer::close);
        }
    }

    private static java.security.cert.X509Certificate responderCertificate(java.security.KeyPair keys) {
        try {
            return TestRevocationServer.responderCertificate(SharedPki.test().issuing(), keys, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static IssuedCertificate leaf(TestRevocationServer ocsp, String cvr, Duration validFor) {
        Instant now = Instant.now();
        return SharedPki.test().leaf().cvr(cvr).keyPair(SharedPki.leafKey())
                .validity(now.minus(Duration.ofDays(1)), now.plus(validFor))
                .revocationUrls(ocsp.ocspUrl(), ocsp.crlUrl()).issue();
    }

    private Map<String, String> settings(TestHttpServer webhook) throws Exception {
        return new java.util.HashMap<>(RunningService.settings(
                "certflow.trust.ca-file", TestBundles.trustFile(temp).toString(),
                "certflow.oces.environment", "test",
                "certflow.drop.poll-interval", "200ms",
                "certflow.revocation.mode", "soft-fail",
                "certflow.revocation.timeout", "2s",
                "certflow.notify.webhook-url", webhook.uri("/hook").toString(),
                "certflow.notify.mail.to", "ops@example.org",
                "certflow.notify.mail.from", "certflow@example.org",
                "certflow.notify.mail.smtp-host", "127.0.0.1",
                "certflow.notify.mail.smtp-port", Integer.toString(smtp.getSmtp().getPort()),
                "certflow.delivery.attempts", "2",
                "certflow.delivery.backoff", "100ms"));
    }

    private static JsonNode certificate(RunningService service, String fingerprint) throws Exception {
        for (JsonNode c : Json.mapper().readTree(service.get("/api/certificates").body())) {
            if (c.path("fingerprint").asText().equals(fingerprint)) {
                return c;
            }
        }
        throw new AssertionError("no certificate " + fingerprint + " in /api/certificates");
    }

    private static Path reasonOf(RunningService service, String name) {
        try (var files = Files.walk(service.data().resolve("rejected"))) {
            return files.filter(p -> p.getFileName().toString().equals("reason.txt") && p.getParent().getFileName().toString().endsWith("-" + name))
                    .findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static long eventsLogged(Path data, String event) throws Exception {
        return Files.readString(data.resolve("events.jsonl")).lines().filter(l -> l.contains("\"event\":\"" + event + "\"")).count();
    }

    private static List<Recorded> notices(TestHttpServer webhook) {
        return webhook.requests().stream().filter(r -> r.bodyText().contains("\"event\":\"certificate.revoked\"")).toList();
    }

    private static List<jakarta.mail.internet.MimeMessage> revokedMails() {
        return List.of(smtp.getReceivedMessages()).stream().filter(m -> {
            try {
                return m.getSubject().contains("REVOKED");
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
