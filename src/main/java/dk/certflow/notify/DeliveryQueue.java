package dk.certflow.notify;

import dk.certflow.inventory.Delivery;
import dk.certflow.inventory.DeliveryStatus;
import dk.certflow.inventory.DeliveryTarget;
import dk.certflow.inventory.Outbox;

/** Where a delivery owed to another system goes to be attempted now; the outbox keeps it until it is done. */
@FunctionalInterface
public interface DeliveryQueue {

    void submit(Delivery delivery);

    /** Submits what the outbox just returned, unless it was done already (enqueueing again returns the existing one). */
    default void submitIfPending(Delivery delivery) {
        if (delivery.status() == DeliveryStatus.PENDING) {
            submit(delivery);
        }
    }

    /**
     * Queues a delivery in {@code outbox} ({@link Outbox#enqueue}) and submits it unless it was done already. A queue
     * that claims each delivery before handing it on claims a new one in the same write.
     */
    default void enqueue(Outbox outbox, DeliveryTarget target, String fingerprint, String idempotencyKey, String payload) {
        submitIfPending(outbox.enqueue(target, fingerprint, idempotencyKey, payload));
    }
}
