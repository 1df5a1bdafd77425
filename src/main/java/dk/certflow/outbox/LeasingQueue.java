package dk.certflow.outbox;

import dk.certflow.inventory.Delivery;
import dk.certflow.inventory.DeliveryTarget;
import dk.certflow.inventory.Outbox;
import dk.certflow.notify.DeliveryQueue;
import java.time.Duration;

/**
 * Hands a delivery on only after claiming it in the outbox, so a delivery is never attempted twice at the same time
 * (by the immediate dispatch and the retry timer, say), on this node or another. The lease outlasts every in-route retry of one dispatch.
 */
public final class LeasingQueue implements DeliveryQueue {

    private final Outbox outbox;
    private final DeliveryQueue next;
    private final Duration lease;
    private final String nodeId;

    public LeasingQueue(Outbox outbox, DeliveryQueue next, Duration lease, String nodeId) {
        this.outbox = outbox;
        this.next = next;
        this.lease = lease;
        this.nodeId = nodeId;
    }

    @Override
    public void submit(Delivery delivery) {
        if (outbox.lease(delivery.id(), lease, nodeId)) {
            next.submit(delivery);
        }
    }

    /** A new delivery is queued already leased to this node (one write instead of two); one queued before is leased as usual. */
    @Override
    public void enqueue(Outbox outbox, DeliveryTarget target, String fingerprint, String idempotencyKey, String payload) {
        outbox.enqueueLeased(target, fingerprint, idempotencyKey, payload, lease, nodeId)
                .ifPresentOrElse(next::submit, () -> submitIfPending(outbox.byKey(target, idempotencyKey)));
    }
}
