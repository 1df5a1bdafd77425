package dk.certflow.notify;

import dk.certflow.inventory.DeliveryTarget;
import dk.certflow.inventory.Outbox;
import dk.certflow.json.Json;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each event down every configured channel, independently: the log and {@code events.jsonl} at once, the webhook
 * and e-mail through the outbox, so a failing channel is retried and never blocks another.
 */
public final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger("certflow.events");

    /** Without a threshold, these are a passed deadline or a revocation: each happens once to a certificate. */
    private static final Set<String> ONCE_PER_CERTIFICATE = Set.of(Event.CERTIFICATE_EXPIRING,
            Event.AUTHORIZATION_EXPIRING, Event.CERTIFICATE_EXPIRED, Event.CERTIFICATE_REVOKED);

    private final EventLog eventLog;
    private final Outbox outbox;
    private final DeliveryQueue queue;
    private final URI webhookUrl;
    private final boolean mailEnabled;

    public Notifier(EventLog eventLog, Outbox outbox, DeliveryQueue queue, URI webhookUrl, boolean mailEnabled) {
        this.eventLog = eventLog;
        this.outbox = outbox;
        this.queue = queue;
        this.webhookUrl = webhookUrl;
        this.mailEnabled = mailEnabled;
    }

    /** Tells of an event: {@link #announce} it, then {@link #queue} it. */
    public void emit(Event event) {
        announce(event);
        queue(event);
    }

    /** The log line and the event log's line. */
    public void announce(Event event) {
        switch (event.severity()) {
            case CRITICAL -> LOG.error("{} {}", event.event(), event.text());
            case WARNING -> LOG.warn("{} {}", event.event(), event.text());
            default -> LOG.info("{} {}", event.event(), event.text());
        }
        try {
            eventLog.append(event);
        } catch (IOException e) {
            LOG.error("cannot append to {}: {}", eventLog.file(), e.getMessage());
        }
    }

    /** A notice's webhook and mail deliveries, under its idempotency key: queueing it again changes nothing. */
    public void queue(Event event) {
        if (!event.isNotice()) {
            return;
        }
        String key = idempotencyKey(event);
        String fingerprint = event.certificate() == null ? null : event.certificate().sha256Fingerprint();
        if (webhookUrl != null) {
            queue.enqueue(outbox, DeliveryTarget.WEBHOOK, fingerprint, key, Json.write(event));
        }
        if (mailEnabled) {
            queue.enqueue(outbox, DeliveryTarget.MAIL, fingerprint, key, Json.write(Map.of(
                    "subject", MailText.subject(event), "body", MailText.body(event))));
        }
    }


    /**
     * The same notice is never queued twice: deadline notices by threshold, a passed deadline and a revocation once per
     * certificate, bundle events by moment. The watches queue a notice before they record it as sent, so that a kill in
     * between costs at most a second try, which this key makes a no-op.
     */
    static String idempotencyKey(Event event) {
        String fingerprint = event.certificate() == null ? "-" : event.certificate().sha256Fingerprint();
        String discriminator = event.threshold() != null ? "t" + event.threshold()
                : event.certificate() != null && ONCE_PER_CERTIFICATE.contains(event.event()) ? "once" : event.at().toString();
        return String.join("|", List.of(event.event(), fingerprint, discriminator));
    }
}
