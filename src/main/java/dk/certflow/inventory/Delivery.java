package dk.certflow.inventory;

import java.time.Instant;

/** One message in the outbox. {@code fingerprint}, {@code lastError} and {@code deliveredAt} may be null. */
public record Delivery(
        long id,
        DeliveryTarget target,
        String fingerprint,
        String idempotencyKey,
        String payload,
        DeliveryStatus status,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        String lastError,
        Instant deliveredAt) {

    /** Leaves the payload out: it may carry an (encrypted) secret and is too long for a log line. */
    @Override
    public String toString() {
        return "Delivery[id=" + id + ", target=" + target.value() + ", fingerprint=" + fingerprint
                + ", idempotencyKey=" + idempotencyKey + ", status=" + status.value() + ", attempts=" + attempts
                + ", createdAt=" + createdAt + ", nextAttemptAt=" + nextAttemptAt + ", lastError=" + lastError
                + ", deliveredAt=" + deliveredAt + "]";
    }
}
