package dk.certflow.metrics;

import dk.certflow.inventory.AttemptResult;
import dk.certflow.inventory.CertificateInventory;
import dk.certflow.inventory.CertificateRecord;
import dk.certflow.inventory.RevocationLog;
import dk.certflow.revocation.RevocationStatus;
import java.util.Map;
import dk.certflow.inventory.DeliveryTarget;
import dk.certflow.inventory.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certflow_* series: absolute deadlines (so PromQL computes time left, as x509-certificate-exporter does),
 * bundle outcomes, delivery results and the outbox backlog.
 */
public final class CertflowMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertflowMetrics.class);
    private static final ZoneId DANISH_TIME = ZoneId.of("Europe/Copenhagen");
    /** How long a refresh waits for more accepted bundles to join it: a burst costs one inventory read a second. */
    private static final Duration COALESCE = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final CertificateInventory inventory;
    private final MultiGauge notAfter;
    private final MultiGauge authorizationExpiry;
    private final MultiGauge revoked;
    private final RevocationLog revocations;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "certflow-metrics");
        thread.setDaemon(true);
        return thread;
    });

    public CertflowMetrics(MeterRegistry registry, CertificateInventory inventory, RevocationLog revocations, Outbox outbox) {
        this.registry = registry;
        this.inventory = inventory;
        this.revocations = revocations;
        this.revoked = MultiGauge.builder("certflow.certificate.revoked")
                .description("1 when the last revocation check found the active certificate revoked, else 0").register(registry);
        this.notAfter = MultiGauge.builder("certflow.certificate.not.after.timestamp.seconds")
                .description("notAfter of each active certificate, seconds since the epoch").register(registry);
        this.authorizationExpiry = MultiGauge.builder("certflow.authorization.expiry.timestamp.seconds")
                .description("End of the Datafordeler authorization of each active certificate, seconds since the epoch").register(registry);
        Gauge.builder("certflow.outbox.pending", outbox, Outbox::pendingCount)
                .description("Deliveries waiting in the outbox").register(registry);
        for (String outcome : List.of("accepted", "rejected", "duplicate")) {
            bundles(outcome);
        }
        for (DeliveryTarget target : DeliveryTarget.values()) {
            for (AttemptResult result : AttemptResult.values()) {
                deliveries(target, result);
            }
        }
    }

    /**
     * Asks for {@link #refresh()} on the metrics thread within a second. Requests made while one waits join it, so a
     * burst of accepted bundles re-reads the inventory (and re-registers every deadline series) once a second, not once
     * per bundle: the series are scraped every 15 s or so, and the deadlines they show are months away.
     */
    public void refreshSoon() {
        if (refreshQueued.compareAndSet(false, true)) {
            try {
                refresher.schedule(() -> {
                    refreshQueued.set(false);
                    try {
                        refresh();
                    } catch (RuntimeException e) {
                        LOG.warn("certificate deadline metrics not refreshed: {}", e.getMessage());
                    }
                }, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // a bundle finished while the service stops: the next start reads the inventory afresh
            }
        }
    }

    /** Drops a refresh still waiting: the service is stopping and its database is about to close. */
    @Override
    public void close() {
        refresher.shutdownNow();
    }

    /** Re-reads the active certificates; superseded ones disappear from the deadline series. */
    public void refresh() {
        List<CertificateRecord> active = inventory.active();
        notAfter.register(active.stream().map(c -> MultiGauge.Row.of(tags(c), c.notAfter().getEpochSecond())).toList(), true);
        authorizationExpiry.register(active.stream().filter(c -> c.authorizationExpiry() != null)
                .map(c -> MultiGauge.Row.of(tags(c), authorizationEnd(c))).toList(), true);
        Map<String, RevocationStatus> known = revocations.all();
        revoked.register(active.stream().map(c -> MultiGauge.Row.of(tags(c),
                known.containsKey(c.fingerprint()) && known.get(c.fingerprint()).isRevoked() ? 1 : 0)).toList(), true);
    }

    public void bundle(String outcome) {
        bundles(outcome.toLowerCase(Locale.ROOT)).increment();
    }

    public void delivery(DeliveryTarget target, AttemptResult result) {
        deliveries(target, result).increment();
    }

    private Counter deliveries(DeliveryTarget target, AttemptResult result) {
        return Counter.builder("certflow.deliveries").description("Delivery attempts by target and result")
                .tags("target", target.value(), "result", result.value()).register(registry);
    }

    private Counter bundles(String outcome) {
        return Counter.builder("certflow.bundles").description("Bundles taken from the drop folder, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    /** The authorization holds through its expiry date (Danish time). */
    private static long authorizationEnd(CertificateRecord c) {
        return c.authorizationExpiry().atTime(LocalTime.MAX).atZone(DANISH_TIME).toEpochSecond();
    }

    private static Tags tags(CertificateRecord c) {
        return Tags.of("cvr", c.cvr(), "profile", c.profile(), "fingerprint", c.fingerprint());
    }
}
