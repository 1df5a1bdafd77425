package dk.certflow.delivery;

import java.util.Objects;

/**
 * No access token could be had. The message is safe to log: it never holds the client secret or a token.
 */
public final class TokenException extends Exception {

    private final DeliveryResult.Outcome outcome;
    private final int httpStatus;

    TokenException(DeliveryResult.Outcome outcome, int httpStatus, String message) {
        super(message);
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.httpStatus = httpStatus;
    }

    /** RETRY for an unavailable token endpoint, REJECTED for refused credentials. */
    public DeliveryResult.Outcome outcome() {
        return outcome;
    }

    /** The token endpoint's status, 0 when it did not answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The delivery that needed the token ends this way. Its httpStatus stays 0: the target itself was never
     * asked, the token endpoint's status is in the message.
     */
    public DeliveryResult toResult() {
        return new DeliveryResult(outcome, 0, "OAuth token: " + getMessage());
    }
}
