package dk.certflow.camel;

import dk.certflow.inventory.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** DOWN when the oldest pending delivery is older than certflow.outbox.max-age: something is stuck. */
final class OutboxHealthCheck extends AbstractHealthCheck {

    private final Outbox outbox;
    private final Duration maxAge;
    private final Clock clock;

    OutboxHealthCheck(Outbox outbox, Duration maxAge, Clock clock) {
        super("certflow", "outbox");
        this.outbox = outbox;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<Instant> oldest = outbox.oldestPendingCreatedAt();
        builder.detail("pending", outbox.pendingCount());
        if (oldest.isPresent() && Duration.between(oldest.get(), clock.instant()).compareTo(maxAge) > 0) {
            builder.message("a delivery has been pending since " + oldest.get() + ", longer than certflow.outbox.max-age " + maxAge).down();
        } else {
            builder.up();
        }
    }
}
