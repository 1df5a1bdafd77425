package dk.certflow.delivery;

import java.util.Objects;

/**
 * The outcome of one delivery attempt.
 *
 * @param httpStatus the status of the target's answer, 0 when there was none (timeout, connection error,
 *                   token failure)
 * @param message    short and safe to log: never holds a password, secret or token
 */
public record DeliveryResult(Outcome outcome, int httpStatus, String message) {

    public enum Outcome {
        /** 2xx. */
        DELIVERED,
        /** 409: the target already has it, which counts as delivered. */
        ALREADY_THERE,
        /** Refused for good (4xx other than 409 and 429, unexpected answers): never retry. */
        REJECTED,
        /** Worth trying again later: 5xx, 429, timeouts and connection errors. */
        RETRY
    }

    public DeliveryResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    /** Delivered now or earlier: nothing more to do. */
    public boolean delivered() {
        return outcome == Outcome.DELIVERED || outcome == Outcome.ALREADY_THERE;
    }

    public boolean retryable() {
        return outcome == Outcome.RETRY;
    }

    /** Maps an HTTP status to the outcome the contract prescribes. */
    public static Outcome outcomeOf(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        if (status == 409) {
            return Outcome.ALREADY_THERE;
        }
        if (status == 429 || (status >= 500 && status < 600)) {
            return Outcome.RETRY;
        }
        // other 4xx, and 1xx/3xx/odd codes: redirects are not followed, so these need a person to look
        return Outcome.REJECTED;
    }
}
