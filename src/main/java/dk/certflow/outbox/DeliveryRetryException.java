package dk.certflow.outbox;

/** A delivery failed in a way worth trying again (5xx, 429, timeout, connection). The message is safe to log. */
public final class DeliveryRetryException extends RuntimeException {

    public DeliveryRetryException(String message) {
        super(message, null, false, false);
    }
}
