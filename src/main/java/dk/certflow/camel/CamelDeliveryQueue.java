package dk.certflow.camel;

import dk.certflow.inventory.Delivery;
import dk.certflow.notify.DeliveryQueue;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/** Hands a delivery to the outbox route (seda:deliveries); the database row is the durable copy. */
final class CamelDeliveryQueue implements DeliveryQueue {

    static final String ENDPOINT = "seda:deliveries";
    private final CamelContext context;
    private volatile ProducerTemplate template;

    CamelDeliveryQueue(CamelContext context) {
        this.context = context;
    }

    @Override
    public void submit(Delivery delivery) {
        if (!context.isStarted() && !context.isStarting()) {
            return; // stopping: the delivery stays in the outbox and is due again at the next start (Outbox.releaseAll)
        }
        template().sendBodyAndHeaders(ENDPOINT, delivery.id(),
                Map.of("deliveryId", delivery.id(), "deliveryTarget", delivery.target().value()));
    }

    private ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }
}
