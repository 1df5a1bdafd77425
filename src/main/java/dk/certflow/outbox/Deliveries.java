package dk.certflow.outbox;

import dk.certflow.time.Days;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.certflow.config.Settings;
import dk.certflow.delivery.DeliveryResult;
import dk.certflow.delivery.WorkZoneUpload;
import dk.certflow.inventory.AttemptResult;
import dk.certflow.inventory.CertificateInventory;
import dk.certflow.inventory.CertificateRecord;
import dk.certflow.inventory.Delivery;
import dk.certflow.inventory.DeliveryStatus;
import dk.certflow.inventory.DeliveryTarget;
import dk.certflow.inventory.Outbox;
import dk.certflow.inventory.UploadStatus;
import dk.certflow.json.Json;
import dk.certflow.notify.DeliveryQueue;
import dk.certflow.notify.Event;
import dk.certflow.notify.Notifier;
import dk.certflow.onboarding.OnboardingFiles;
import dk.certflow.secrets.SecretBox;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries a certificate owes other systems (the WorkZone upload, the onboarding record, notifications): what
 * each one sends, and what came of each attempt. The routes make the HTTP calls; {@link #settle} records the outcome in
 * the outbox: done, refused for good, or worth another try ({@link DeliveryRetryException}, which the error handling of
 * the routes retries with backoff; after that the outbox timer tries again until certflow.outbox.max-age).
 */
public final class Deliveries {

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

    private final Settings settings;
    private final Outbox outbox;
    private final CertificateInventory inventory;
    private final SecretBox secrets;
    private final DeliveryQueue queue;
    private final Notifier notifier;
    private final Mailer mailer;
    private final Clock clock;
    private BiConsumer<DeliveryTarget, AttemptResult> listener = (t, r) -> { };

    public Deliveries(Settings settings, Outbox outbox, CertificateInventory inventory, SecretBox secrets, DeliveryQueue queue,
                      Notifier notifier, Mailer mailer, Clock clock) {
        this.settings = settings;
        this.outbox = outbox;
        this.inventory = inventory;
        this.secrets = secrets;
        this.queue = queue;
        this.notifier = notifier;
        this.mailer = mailer;
        this.clock = clock;
    }

    /** Told of every attempt's result (for metrics). */
    public void onAttempt(BiConsumer<DeliveryTarget, AttemptResult> listener) {
        this.listener = listener;
    }

    /**
     * Makes sure the deliveries a recorded certificate owes are in the outbox, and queues the ones still pending. Safe
     * to call again for the same certificate: the outbox keys make it a no-op.
     */
    public void owe(CertificateRecord certificate, String fileName, byte[] pkcs12, char[] password) {
        if (certificate.uploadStatus() == UploadStatus.PENDING && settings.workzone().uploadEnabled() && pkcs12 != null) {
            ObjectNode payload = Json.mapper().createObjectNode()
                    .put("fileName", dk.certflow.intake.DropFolder.baseName(fileName) + ".p12")
                    .put("pkcs12", Base64.getEncoder().encodeToString(pkcs12))
                    .put("password", secrets.seal(password == null ? new char[0] : password))
                    .put("profile", certificate.profile())
                    .put("thumbprint", certificate.sha1Thumbprint())
                    .put("notAfter", certificate.notAfter().toString());
            queue.enqueue(outbox, DeliveryTarget.WORKZONE, certificate.fingerprint(),
                    WorkZoneUpload.idempotencyKey(certificate.fingerprint(), certificate.profile()), Json.write(payload));
        }
        if (settings.datafordeler().recordsUrl() != null && certificate.outDir() != null) {
            ObjectNode payload = Json.mapper().createObjectNode().put("outDir", certificate.outDir());
            queue.enqueue(outbox, DeliveryTarget.RECORDS, certificate.fingerprint(), certificate.fingerprint(), Json.write(payload));
        }
    }


    /** Hands every pending delivery whose next attempt is due to its route (the outbox timer calls this). */
    public int dispatchDue() {
        List<Delivery> due = outbox.due(100);
        due.forEach(queue::submit);
        return due.size();
    }

    /** The delivery while it is still pending; null once it was delivered or given up (a replay, or the timer and the route met). */
    public Delivery pendingDelivery(long deliveryId) {
        return pending(deliveryId);
    }

    /** What the WorkZone upload sends. The caller wipes its password and bytes once sent. */
    public WorkZoneUpload workzoneUpload(Delivery delivery) throws IOException {
        if (!settings.workzone().uploadEnabled()) {
            throw new DeliveryRetryException("WorkZone upload is not configured (certflow.workzone.base-url); kept in the outbox");
        }
        JsonNode p = Json.mapper().readTree(delivery.payload());
        return new WorkZoneUpload(Base64.getDecoder().decode(p.get("pkcs12").asText()), p.get("fileName").asText(),
                secrets.open(p.get("password").asText()), p.get("profile").asText(), p.get("thumbprint").asText(),
                Instant.parse(p.get("notAfter").asText()), delivery.idempotencyKey());
    }

    /** The onboarding record (onboarding.json) as it is in the out folder now. */
    public String onboardingRecord(Delivery delivery) throws IOException {
        return OnboardingFiles.readJson(Path.of(Json.mapper().readTree(delivery.payload()).get("outDir").asText()));
    }

    /** Sends a notification e-mail through the configured SMTP server. */
    public void sendMail(long deliveryId) throws IOException {
        Delivery delivery = pending(deliveryId);
        if (delivery == null) {
            return;
        }
        if (mailer == null) {
            throw new DeliveryRetryException("e-mail is not configured (certflow.notify.mail.to, .smtp-host); kept in the outbox");
        }
        JsonNode p = Json.mapper().readTree(delivery.payload());
        Settings.Mail mail = settings.notifications().mail();
        DeliveryResult result;
        try {
            mailer.send(new MailMessage(String.join(",", mail.to()), mail.from(), p.get("subject").asText(), p.get("body").asText()));
            result = new DeliveryResult(DeliveryResult.Outcome.DELIVERED, 0, "sent to " + String.join(",", mail.to()));
        } catch (Exception e) {
            result = new DeliveryResult(DeliveryResult.Outcome.RETRY, 0, "SMTP " + mail.smtpHost() + ": " + rootCause(e));
        }
        settle(delivery, result);
    }

    /** Gives up on deliveries older than certflow.outbox.max-age and says so. */
    public List<Delivery> expireOld() {
        List<Delivery> expired = outbox.failExpired(settings.expiry().outboxMaxAge());
        for (Delivery d : expired) {
            listener.accept(d.target(), AttemptResult.FAILED);
            gaveUp(d, "still not delivered after " + settings.expiry().outboxMaxAge().toHours() + " h (" + d.lastError() + ")");
        }
        return expired;
    }

    private Delivery pending(long deliveryId) {
        Delivery delivery = outbox.find(deliveryId).orElse(null);
        if (delivery == null || delivery.status() != DeliveryStatus.PENDING) {
            return null; // delivered or given up meanwhile (a replay after a restart, or the timer and the route met)
        }
        return delivery;
    }

    /** Records what came of one attempt; a result worth another try throws {@link DeliveryRetryException}. */
    public void settle(Delivery delivery, DeliveryResult result) {
        switch (result.outcome()) {
            case DELIVERED, ALREADY_THERE -> {
                outbox.recordAttempt(delivery.id(), AttemptResult.OK, status(result), result.message());
                listener.accept(delivery.target(), AttemptResult.OK);
                delivered(delivery, result);
            }
            case REJECTED -> {
                outbox.recordAttempt(delivery.id(), AttemptResult.FAILED, status(result), result.message());
                listener.accept(delivery.target(), AttemptResult.FAILED);
                gaveUp(delivery, "refused: " + result.message());
            }
            case RETRY -> {
                outbox.recordAttempt(delivery.id(), AttemptResult.RETRY, status(result), result.message());
                listener.accept(delivery.target(), AttemptResult.RETRY);
                throw new DeliveryRetryException(delivery.target().value() + " delivery " + delivery.id() + ": " + result.message());
            }
            default -> throw new IllegalStateException(result.outcome().name());
        }
    }

    private void delivered(Delivery delivery, DeliveryResult result) {
        LOG.info("{} delivery {} done ({}) fingerprint={}", delivery.target().value(), delivery.id(), result.message(), delivery.fingerprint());
        if (delivery.target() == DeliveryTarget.WORKZONE) {
            Instant now = clock.instant();
            CertificateRecord certificate = certificateOf(delivery); // marked uploaded with the attempt (Outbox.recordAttempt)
            updateOnboarding(certificate, "uploaded", now);
            notifier.emit(event(Event.UPLOAD_DONE, Event.Severity.INFO, certificate,
                    "Certificate uploaded to WorkZone auth profile " + profileOf(certificate)));
        }
    }

    private void gaveUp(Delivery delivery, String why) {
        LOG.error("{} delivery {} failed for good: {}", delivery.target().value(), delivery.id(), why);
        CertificateRecord certificate = certificateOf(delivery);
        switch (delivery.target()) {
            case WORKZONE -> { // the certificate was marked failed with the delivery (Outbox)
                updateOnboarding(certificate, "failed", null);
                notifier.emit(event(Event.UPLOAD_FAILED, Event.Severity.CRITICAL, certificate,
                        "WorkZone upload to auth profile " + profileOf(certificate) + " failed: " + why + "; upload the staged PFX by hand"));
            }
            case RECORDS -> notifier.emit(event(Event.UPLOAD_FAILED, Event.Severity.WARNING, certificate,
                    "Onboarding record could not be delivered to " + settings.datafordeler().recordsUrl() + ": " + why));
            default -> { } // a notification channel that fails is logged; it cannot notify about itself
        }
    }

    private CertificateRecord certificateOf(Delivery delivery) {
        return delivery.fingerprint() == null ? null : inventory.find(delivery.fingerprint()).orElse(null);
    }

    private Event event(String name, Event.Severity severity, CertificateRecord c, String text) {
        Event.CertificateRef ref = c == null ? null : new Event.CertificateRef(c.cvr(), c.subject(), c.fingerprint(), c.notAfter(), c.profile());
        return new Event(name, severity, (c == null ? "" : "CVR " + c.cvr() + ": ") + text,
                c == null ? null : Days.left(clock.instant(), c.notAfter()), null, ref, clock.instant());
    }

    private static String profileOf(CertificateRecord certificate) {
        return certificate == null ? "?" : certificate.profile();
    }

    private static void updateOnboarding(CertificateRecord certificate, String status, Instant at) {
        if (certificate == null || certificate.outDir() == null) {
            return;
        }
        try {
            OnboardingFiles.recordUpload(Path.of(certificate.outDir()), status, at);
        } catch (IOException e) {
            LOG.warn("cannot update the onboarding record in {}: {}", certificate.outDir(), e.getMessage());
        }
    }

    private static Integer status(DeliveryResult result) {
        return result.httpStatus() == 0 ? null : result.httpStatus();
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        int nl = message.indexOf('\n');
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + (nl < 0 ? message : message.substring(0, nl)));
    }
}
