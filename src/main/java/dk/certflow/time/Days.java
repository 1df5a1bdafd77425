package dk.certflow.time;

import java.time.Instant;

/** Whole days left until a deadline, the one way certflow counts them everywhere (inspect, notices, status, API). */
public final class Days {

    private static final long SECONDS_PER_DAY = 86_400L;

    private Days() {
    }

    /** Rounded down: 0 on the last day, negative once the deadline has passed. */
    public static long left(Instant now, Instant deadline) {
        return Math.floorDiv(deadline.getEpochSecond() - now.getEpochSecond(), SECONDS_PER_DAY);
    }
}
