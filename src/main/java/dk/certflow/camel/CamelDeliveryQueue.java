package dk.certflow.camel;

import dk.certflow.inventory.Delivery;
import dk.certflow.notify.DeliveryQueue;
import java.util.Map;
import org.apache.camel.CamelContext;

/** Hands a delivery to the outbox route (seda:deliveries); the database row is the durable copy. */
final class CamelDeliveryQueue implements DeliveryQueue {

    static final String ENDPOINT = "seda:deliveries";
    private final CamelContext context;
    private final LazyTemplate template;

    CamelDeliveryQueue(CamelContext context) {
        this.context = context;
        this.template = new LazyTemplate(context);
    }

    @Override
    public void submit(Delivery delivery) {
        if (!context.isStarted() && !context.isStarting()) {
            return; // stopping: the delivery stays in the outbox and is due again at the next start (Outbox.releaseAll)
        }
        template.get().sendBodyAndHeaders(ENDPOINT, delivery.id(),
                Map.of("deliveryId", delivery.id(), "deliveryTarget", delivery.target().value()));
    }

}
