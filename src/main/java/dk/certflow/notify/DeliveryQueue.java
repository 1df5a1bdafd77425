package dk.certflow.notify;

import dk.certflow.inventory.Delivery;

/** Where a delivery owed to another system goes to be attempted now; the outbox keeps it until it is done. */
@FunctionalInterface
public interface DeliveryQueue {

    void submit(Delivery delivery);
}
