package dk.certflow.notify;

import dk.certflow.inventory.Delivery;
import dk.certflow.inventory.DeliveryStatus;

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
}
