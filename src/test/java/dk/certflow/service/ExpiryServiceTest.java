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
import dk.certflow.testing.MutableClock;
import dk.certflow.testing.TestHttpServer;
import dk.certflow.testing.TestHttpServer.Recorded;
import dk.certflow.testing.TestHttpServer.Reply;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expiry watch in the running service with an injected clock: notices on every channel (log, events.jsonl, a
 * webhook server, a GreenMail SMTP server), once per threshold across restarts, metrics and the outbox health check.
 */
class ExpiryServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path temp;

    @Test
    void fortyFiveDaysLeftGivesOneWarningForSixtyDaysOnEveryChannelAndNoneAgainAfterARestart() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(1000));
        Instant notAfter = leaf.certificate().getNotAfter().toInstant();
        String fingerprint = FlowTest.fingerprint(leaf);
        try (TestHttpServer webhook = TestHttpServer.start().otherwise(Reply.status(200))) {
            Map<String, String> settings = settings(webhook);
            try (RunningService service = RunningService.start(temp.resolve("data"), settings, clock)) {
                dropSidecar(service.drop(), "soon.properties", "password=" + TestBundles.PASSWORD);
                drop(service.drop(), "soon.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
                await().atMost(PATIENCE).until(() -> TestBundles.exists(service.data().resolve("archive"), "soon", 4));

                clock.set(notAfter.minus(Duration.ofDays(45)).minus(Duration.ofHours(1)));
                service.run("direct:expiry-watch");
                service.run("direct:expiry-watch");

                Recorded notice = await().atMost(PATIENCE).until(() -> notices(webhook, "certificate.expiring"), l -> l.size() == 1).get(0);
                JsonNode event = Json.mapper().readTree(notice.body());
                assertThat(event.path("severity").asText()).isEqualTo("WARNING");
                assertThat(event.path("threshold").asInt()).isEqualTo(60);
                assertThat(event.path("daysLeft").asInt()).isEqualTo(45);
                assertThat(event.at("/certificate/sha256Fingerprint").asText()).isEqualTo(fingerprint);
                assertThat(event.path("text").asText()).contains("19552101", "45 days");

                MimeMessage mail = await().atMost(PATIENCE).until(() -> expiryMails(), l -> l.size() == 1).get(0);
                assertThat(mail.getSubject()).isEqualTo("CVR certificate for 19552101 expires in 45 days ("
                        + notAfter.toString().substring(0, 10) + ")");
                assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.org");

                String events = Files.readString(service.data().resolve("events.jsonl"));
                assertThat(events.lines().filter(l -> l.contains("certificate.expiring"))).hasSize(1);

                String metrics = service.get("/observe/metrics").body();
                assertThat(metrics).contains("certflow_certificate_not_after_timestamp_seconds{cvr=\"19552101\",fingerprint=\""
                        + fingerprint + "\",profile=\"CVR\"} " + (double) notAfter.getEpochSecond());
                assertThat(metrics).contains("certflow_authorization_expiry_timestamp_seconds{cvr=\"19552101\"");
                assertThat(metrics).contains("certflow_bundles_total{outcome=\"accepted\"} 1.0");
                assertThat(metrics).containsPattern("certflow_deliveries_total\\{result=\"ok\",target=\"webhook\"} [1-9]");
            }
            try (RunningService again = RunningService.start(temp.resolve("data"), settings, clock)) {
                again.run("direct:expiry-watch");
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                        .until(() -> notices(webhook, "certificate.expiring").size() == 1 && expiryMails().size() == 1);

                clock.set(notAfter.minus(Duration.ofDays(6)));
                again.run("direct:expiry-watch");
                Recorded critical = await().atMost(PATIENCE).until(() -> notices(webhook, "certificate.expiring"), l -> l.size() == 2).get(1);
                JsonNode event = Json.mapper().readTree(critical.body());
                assertThat(event.path("severity").asText()).isEqualTo("CRITICAL");
                assertThat(event.path("threshold").asInt()).isEqualTo(7);
                await().atMost(PATIENCE).until(() -> expiryMails().size() == 2);
            }
        }
    }

    @Test
    void aFailingWebhookIsRetriedThroughTheOutboxWhileMailStillDelivers() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        IssuedCertificate leaf = TestBundles.leaf("34051178", Duration.ofDays(1000));
        Instant notAfter = leaf.certificate().getNotAfter().toInstant();
        try (TestHttpServer webhook = TestHttpServer.start().otherwise(Reply.status(503))) {
            Map<String, String> settings = settings(webhook);
            settings.put("certflow.outbox.retry-interval", "1s");
            try (RunningService service = RunningService.start(temp.resolve("data"), settings, clock)) {
                dropSidecar(service.drop(), "failing.properties", "password=" + TestBundles.PASSWORD);
                drop(service.drop(), "failing.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
                await().atMost(PATIENCE).until(() -> TestBundles.exists(service.data().resolve("archive"), "failing", 4));
                clock.set(notAfter.minus(Duration.ofDays(20)));
                service.run("direct:expiry-watch");

                MimeMessage mail = await().atMost(PATIENCE).until(() -> expiryMails(), l -> l.size() == 1).get(0);
                assertThat(subject(mail)).startsWith("CVR certificate for 34051178").contains("expires in 20 days");
                // the outbox keeps the failed webhook notice and tries again when it is due
                int before = notices(webhook, "certificate.expiring").size();
                assertThat(before).isGreaterThanOrEqualTo(1);
                webhook.otherwise(Reply.status(200));
                // the clock moves on in steps: whenever the failed attempt scheduled its retry (perhaps only after this
                // point), it comes due, long before the outbox's max-age
                await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    clock.advance(Duration.ofMinutes(10));
                    return notices(webhook, "certificate.expiring").size() > before;
                });
                assertThat(expiryMails()).hasSize(1);
                String metrics = service.get("/observe/metrics").body();
                assertThat(metrics).containsPattern("certflow_deliveries_total\\{result=\"retry\",target=\"webhook\"} [1-9]");
                assertThat(metrics).containsPattern("certflow_deliveries_total\\{result=\"ok\",target=\"mail\"} [1-9]");
            }
        }
    }

    @Test
    void aDeliveryPendingLongerThanMaxAgeTurnsHealthDown() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (TestHttpServer webhook = TestHttpServer.start().otherwise(Reply.status(503))) {
            Map<String, String> settings = settings(webhook);
            settings.put("certflow.outbox.retry-interval", "1h");
            settings.remove("certflow.notify.mail.to");
            try (RunningService service = RunningService.start(temp.resolve("data"), settings, clock)) {
                var firstOutboxRun = service.whenCompleted("outbox-retry", 1);
                dropSidecar(service.drop(), "stuck.properties", "password=" + TestBundles.PASSWORD);
                drop(service.drop(), "stuck.p12", TestBundles.pkcs12(TestBundles.leaf("19435075", Duration.ofDays(500)), temp,
                        TestBundles.PASSWORD));
                await().atMost(PATIENCE).until(() -> notices(webhook, "bundle.accepted").size() >= 2);
                assertThat(firstOutboxRun.matches(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                await().atMost(PATIENCE).until(() -> service.get("/observe/health").statusCode() == 200);

                clock.set(clock.instant().plus(Duration.ofHours(73)));
                await().atMost(PATIENCE).until(() -> service.get("/observe/health").statusCode() == 503);
                assertThat(service.get("/observe/health").body()).contains("DOWN");
                assertThat(service.get("/observe/metrics").body()).contains("certflow_outbox_pending 1.0");
            }
        }
    }

    @Test
    void anUploadStillFailingAfterMaxAgeIsGivenUpAndReported() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(500));
        String fingerprint = FlowTest.fingerprint(leaf);
        try (TestHttpServer webhook = TestHttpServer.start().otherwise(Reply.status(200));
             TestHttpServer workzone = TestHttpServer.start().otherwise(Reply.status(502))) {
            Map<String, String> settings = settings(webhook);
            settings.put("certflow.outbox.retry-interval", "1s");
            settings.put("certflow.workzone.base-url", workzone.uri("/wz").toString());
            try (RunningService service = RunningService.start(temp.resolve("data"), settings, clock)) {
                dropSidecar(service.drop(), "never.properties", "password=" + TestBundles.PASSWORD);
                drop(service.drop(), "never.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
                await().atMost(PATIENCE).until(() -> workzone.requests().size() >= 2);
                assertThat(uploadStatus(service, fingerprint)).isEqualTo("pending");

                clock.set(clock.instant().plus(Duration.ofHours(73)));
                await().atMost(PATIENCE).until(() -> uploadStatus(service, fingerprint).equals("failed"));
                Recorded failed = await().atMost(PATIENCE).until(() -> notices(webhook, "upload.failed"), l -> l.size() == 1).get(0);
                assertThat(Json.mapper().readTree(failed.body()).path("text").asText()).contains("72 h");
                int attempts = workzone.requests().size();
                clock.set(clock.instant().plus(Duration.ofHours(2)));
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> workzone.requests().size() == attempts);
            }
        }
    }

    private static String uploadStatus(RunningService service, String fingerprint) throws Exception {
        for (JsonNode c : Json.mapper().readTree(service.get("/api/certificates").body())) {
            if (c.path("fingerprint").asText().equals(fingerprint)) {
                return c.path("upload").asText();
            }
        }
        return "(not recorded)";
    }

    private Map<String, String> settings(TestHttpServer webhook) throws Exception {
        Map<String, String> settings = RunningService.settings(
                "certflow.trust.ca-file", TestBundles.trustFile(temp).toString(),
                "certflow.oces.environment", "test",
                "certflow.drop.poll-interval", "200ms",
                "certflow.notify.webhook-url", webhook.uri("/hook").toString(),
                "certflow.notify.mail.to", "ops@example.org",
                "certflow.notify.mail.from", "certflow@example.org",
                "certflow.notify.mail.smtp-host", "127.0.0.1",
                "certflow.notify.mail.smtp-port", Integer.toString(smtp.getSmtp().getPort()),
                "certflow.delivery.attempts", "2",
                "certflow.delivery.backoff", "100ms");
        return new java.util.HashMap<>(settings);
    }

    /** Mails about the certificate's own deadline (the authorization has its own). */
    private static List<MimeMessage> expiryMails() {
        return List.of(smtp.getReceivedMessages()).stream().filter(m -> subject(m).startsWith("CVR certificate for")).toList();
    }

    private static List<Recorded> notices(TestHttpServer webhook, String event) {
        return webhook.requests().stream().filter(r -> r.bodyText().contains("\"event\":\"" + event + "\"")).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
