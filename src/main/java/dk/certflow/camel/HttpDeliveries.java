package dk.certflow.camel;

import dk.certflow.config.Settings;
import dk.certflow.delivery.DeliveryResult;
import dk.certflow.delivery.NoAnswer;
import dk.certflow.delivery.SafeText;
import dk.certflow.delivery.WorkZoneUpload;
import dk.certflow.inventory.Delivery;
import dk.certflow.outbox.Deliveries;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.camel.Exchange;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;

/**
 * What the delivery routes call around their HTTP endpoint: one method builds the request of a delivery (body and
 * exchange properties the route turns into headers), {@link #settle} records what came of it. A delivery that was
 * delivered or given up meanwhile leaves no {@value #DELIVERY} property, and the route sends nothing.
 */
public final class HttpDeliveries {

    /** The pending delivery this exchange is about. */
    public static final String DELIVERY = "certflowDelivery";
    public static final String IDEMPOTENCY_KEY = "certflowIdempotencyKey";
    /** The WorkZone upload path, the profile encoded as one segment. */
    public static final String UPLOAD_PATH = "certflowUploadPath";
    /** Set by the route from the outbox's header; survives the retries of one dispatch. */
    public static final String DELIVERY_ID = "deliveryId";
    private static final String MASK = "certflowMask";
    private static final ContentType TEXT = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);
    private static final ContentType PKCS12 = ContentType.create("application/x-pkcs12");

    private final Deliveries deliveries;
    private final Settings settings;
    private final WorkZoneBearer bearer;

    HttpDeliveries(Deliveries deliveries, Settings settings, WorkZoneBearer bearer) {
        this.deliveries = deliveries;
        this.settings = settings;
        this.bearer = bearer;
    }

    /** Body: multipart/form-data with certificate, password, profile, thumbprint and notAfter (CONTRACTS §7). */
    public void workzoneUpload(Exchange exchange) throws IOException {
        Delivery delivery = begin(exchange);
        if (delivery == null) {
            return;
        }
        WorkZoneUpload upload = deliveries.workzoneUpload(delivery);
        String password = new String(upload.password());
        Arrays.fill(upload.password(), '\0');
        exchange.getMessage().setBody(MultipartEntityBuilder.create()
                .setCharset(StandardCharsets.UTF_8)
                .addBinaryBody("certificate", upload.pkcs12(), PKCS12, upload.fileName())
                .addTextBody("password", password, TEXT)
                .addTextBody("profile", upload.profile(), TEXT)
                .addTextBody("thumbprint", upload.sha1Thumbprint(), TEXT)
                .addTextBody("notAfter", upload.notAfter().toString(), TEXT)
                .build());
        exchange.setProperty(UPLOAD_PATH, upload.path(settings.workzone().uploadPath()));
        exchange.setProperty(MASK, password);
    }

    /** Body: onboarding.json as it is in the out folder. */
    public void onboardingRecord(Exchange exchange) throws IOException {
        Delivery delivery = begin(exchange);
        if (delivery != null) {
            exchange.getMessage().setBody(deliveries.onboardingRecord(delivery));
        }
    }

    /** Body: the event as JSON; {@code Authorization: Bearer} when certflow.notify.webhook-token is set. */
    public void webhookEvent(Exchange exchange) {
        Delivery delivery = begin(exchange);
        if (delivery == null) {
            return;
        }
        exchange.getMessage().setBody(delivery.payload());
        if (settings.notifications().webhookToken().isSet()) {
            String token = settings.notifications().webhookToken().revealAsString();
            exchange.getMessage().setHeader("Authorization", "Bearer " + token);
            exchange.setProperty(MASK, token);
        }
    }

    /**
     * 2xx done, 409 already there, other 4xx refused for good; 5xx, 429 and no answer at all (the exception the
     * route caught) are worth another try and throw {@link dk.certflow.outbox.DeliveryRetryException}.
     */
    public void settle(Exchange exchange) {
        Delivery delivery = exchange.getProperty(DELIVERY, Delivery.class);
        String mask = exchange.getProperty(MASK, String.class);
        exchange.removeProperty(MASK);
        URI target = target(delivery);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        DeliveryResult result;
        if (failure != null) {
            WorkZoneBearer.TokenUnavailable token = find(failure, WorkZoneBearer.TokenUnavailable.class);
            result = token != null ? token.reason().toResult() : NoAnswer.result(failure, target, mask);
        } else {
            int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
            byte[] body = exchange.getMessage().getBody(byte[].class);
            String detail = body == null ? "" : SafeText.clean(body, mask);
            String message = "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
            DeliveryResult.Outcome outcome = DeliveryResult.outcomeOf(status);
            if (status == 407) {
                // the proxy, not the target, refused: a configuration matter that a restart with the right credentials fixes
                outcome = DeliveryResult.Outcome.RETRY;
                message += " from the proxy; check certflow.http.proxy-user and certflow.http.proxy-password";
            } else if (status == 401 && delivery.target() == dk.certflow.inventory.DeliveryTarget.WORKZONE && bearer.enabled()) {
                message += " (also with a fresh token)";
            }
            result = new DeliveryResult(outcome, status, message);
        }
        deliveries.settle(delivery, result);
    }

    private Delivery begin(Exchange exchange) {
        // a new attempt: nothing of an earlier one counts
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        exchange.removeProperty(DELIVERY);
        exchange.removeProperty(MASK);
        Long id = exchange.getProperty(DELIVERY_ID, Long.class);
        Delivery delivery = id == null ? null : deliveries.pendingDelivery(id);
        if (delivery != null) {
            exchange.setProperty(DELIVERY, delivery);
            exchange.setProperty(IDEMPOTENCY_KEY, delivery.idempotencyKey());
        }
        return delivery;
    }

    private URI target(Delivery delivery) {
        return switch (delivery.target()) {
            case WORKZONE -> settings.workzone().baseUrl();
            case RECORDS -> settings.datafordeler().recordsUrl();
            case WEBHOOK -> settings.notifications().webhookUrl();
            default -> null;
        };
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
