package dk.certflow.inventory;

import java.time.Instant;

/** One try at a delivery, as recorded. {@code httpStatus} is null when no response came (timeout, refused). */
public record DeliveryAttempt(long deliveryId, Instant at, AttemptResult result, Integer httpStatus, String message) {
}
