package dk.certflow.expiry;

import dk.certflow.inventory.CertificateInventory;
import dk.certflow.inventory.CertificateRecord;
import dk.certflow.inventory.DeadlineKind;
import dk.certflow.inventory.NoticeLog;
import dk.certflow.notify.Event;
import dk.certflow.notify.Event.Severity;
import dk.certflow.notify.Notifier;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Warns before the certificates in use, and their Datafordeler authorizations, lapse. Call {@link #run()} on a
 * schedule; each run looks at every active certificate and sends at most one notice per deadline.
 *
 * <p>Rules:
 * <ul>
 * <li>A threshold {@code t} is crossed when the days left (rounded down) are at most {@code t}; threshold 0 is
 *     therefore the last day before the deadline.</li>
 * <li>When thresholds were crossed that were never notified, one notice goes out for the nearest (fewest days) and
 *     all crossed thresholds are recorded, so a watch that first sees a certificate at 45 days sends the 60-day
 *     notice only, and later runs never send the 90-day one.</li>
 * <li>Once a deadline has passed, one more notice goes out, recorded under threshold {@value #PASSED}:
 *     {@code certificate.expired} for a certificate (even when the 0-day notice was sent the day before),
 *     {@code authorization.expiring} saying it has expired for an authorization. It carries no threshold.</li>
 * <li>Severity follows the days left: CRITICAL at 7 or fewer and after the deadline, WARNING from 60 down to 8,
 *     INFO above 60. The issue asks for INFO above 30 days but also for a WARNING at 45 days (the 60-day notice);
 *     with the default thresholds this keeps INFO for the 90-day notice and makes every later one at least a
 *     WARNING.</li>
 * <li>A notice is claimed in the notice log before it is sent, so of concurrent runs only one sends it. If sending
 *     fails after the claim, that notice is not sent again: the next threshold's will be.</li>
 * </ul>
 */
public final class ExpiryWatch {

    /** The notice-log threshold of the one notice sent after a deadline has passed. */
    static final int PASSED = -1;

    private static final long CRITICAL_DAYS = 7;
    private static final long WARNING_DAYS = 60;

    private final CertificateInventory inventory;
    private final NoticeLog notices;
    private final Notifier notifier;
    private final List<Integer> thresholds;
    private final Clock clock;

    /** {@code thresholds}: days before a deadline to warn at, e.g. 90, 60, 30, 14, 7, 1, 0. */
    public ExpiryWatch(CertificateInventory inventory, NoticeLog notices, Notifier notifier, List<Integer> thresholds,
            Clock clock) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.thresholds = thresholds.stream().distinct().sorted(Comparator.reverseOrder()).toList();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sends the notices now due for every active certificate and returns them. */
    public List<Event> run() {
        return run(inventory.active());
    }

    /**
     * The same for one certificate just accepted, so a certificate that arrives already past a threshold (44 days
     * left: the 60-day notice) is told at once, not at the next scheduled watch.
     */
    public List<Event> runFor(CertificateRecord certificate) {
        return certificate.isActive() ? run(List.of(certificate)) : List.of();
    }

    private List<Event> run(List<CertificateRecord> certificates) {
        Instant now = clock.instant();
        List<Event> sent = new ArrayList<>();
        Map<String, Integer> notified = notices.lastThresholdsNotified();
        for (CertificateRecord certificate : certificates) {
            for (Deadline deadline : Deadline.of(certificate)) {
                notice(certificate, deadline, now, notified).ifPresent(sent::add);
            }
        }
        return sent;
    }

    private Optional<Event> notice(CertificateRecord certificate, Deadline deadline, Instant now, Map<String, Integer> notified) {
        long daysLeft = deadline.daysLeft(now);
        List<Integer> crossed = crossed(daysLeft);
        if (crossed.isEmpty()) {
            return Optional.empty();
        }
        int nearest = crossed.get(crossed.size() - 1);
        // read before the run; a notice claimed meanwhile (by another run) is caught by markNoticeSent
        Optional<Integer> lastNotified = Optional.ofNullable(notified.get(NoticeLog.key(certificate.fingerprint(), deadline.kind())));
        if (lastNotified.isPresent() && lastNotified.get() <= nearest) {
            return Optional.empty();
        }
        String name = eventName(deadline.kind(), daysLeft);
        Severity severity = severity(daysLeft);
        Event event = new Event(name, severity, NoticeText.of(certificate, deadline, daysLeft), daysLeft,
                nearest == PASSED ? null : nearest, reference(certificate), now);
        // Queued first, then recorded as sent: a kill in between leaves it unrecorded, and the next run queues it again
        // under the same idempotency key, a no-op. The other way round, the kill lost the notice for good. Of runs at
        // once, each queues it (the outbox keeps one) and the one that records it announces it.
        notifier.queue(event);
        boolean claimed = notices.markNoticeSent(certificate.fingerprint(), deadline.kind(), nearest, name,
                severity.name());
        // The farther thresholds are covered by this notice: record them so that no later run sends them.
        for (int threshold : crossed) {
            if (threshold > nearest && (lastNotified.isEmpty() || threshold < lastNotified.get())) {
                notices.markNoticeSent(certificate.fingerprint(), deadline.kind(), threshold, name, severity.name());
            }
        }
        if (!claimed) {
            return Optional.empty();
        }
        notifier.announce(event);
        return Optional.of(event);
    }

    /** The crossed thresholds, farthest first, ending with {@link #PASSED} once the deadline has passed. */
    private List<Integer> crossed(long daysLeft) {
        List<Integer> crossed = new ArrayList<>();
        for (int threshold : thresholds) {
            if (daysLeft <= threshold) {
                crossed.add(threshold);
            }
        }
        if (daysLeft < 0) {
            crossed.add(PASSED);
        }
        return crossed;
    }

    static String eventName(DeadlineKind kind, long daysLeft) {
        if (kind == DeadlineKind.AUTHORIZATION) {
            return Event.AUTHORIZATION_EXPIRING;
        }
        return daysLeft < 0 ? Event.CERTIFICATE_EXPIRED : Event.CERTIFICATE_EXPIRING;
    }

    static Severity severity(long daysLeft) {
        if (daysLeft <= CRITICAL_DAYS) {
            return Severity.CRITICAL;
        }
        return daysLeft <= WARNING_DAYS ? Severity.WARNING : Severity.INFO;
    }

    private static Event.CertificateRef reference(CertificateRecord c) {
        return new Event.CertificateRef(c.cvr(), c.subject(), c.fingerprint(), c.notAfter(), c.profile());
    }
}
