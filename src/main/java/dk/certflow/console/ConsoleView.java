package dk.certflow.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Everything the operator's console shows, as plain values: no database, no Camel, no HTML. {@link ConsolePage} turns
 * it into the page; the glue in {@code dk.certflow.camel} fills it from the inventory, the outbox, the rejected folder
 * and the health checks. Nothing in it is secret: deliveries carry no payload, refusals no sidecar.
 *
 * @param certificates every certificate, current ones first, each group soonest deadline first
 * @param thresholds   the notice thresholds in days (certflow.expiry.thresholds), largest first
 * @param warnDays     a deadline this close needs someone (certflow.validation.warn-days-left)
 */
public record ConsoleView(Instant now, List<Certificate> certificates, List<Delivery> deliveries, List<Refusal> refusals,
                          List<Check> checks, List<Integer> thresholds, int warnDays, About about) {

    /** A delivery failed this recently, or a refusal this recent, still asks for attention. */
    static final Duration RECENT = Duration.ofDays(7);

    public ConsoleView {
        certificates = certificates.stream().sorted(Comparator.comparing(Certificate::superseded)
                .thenComparingLong(Certificate::daysLeft).thenComparing(Certificate::cvr)).toList();
        deliveries = List.copyOf(deliveries);
        refusals = List.copyOf(refusals);
        checks = List.copyOf(checks);
        thresholds = thresholds.stream().sorted(Comparator.reverseOrder()).toList();
    }

    /** How a row feels: calm, soon (within the warning days) or lapsed (past a deadline, revoked, failed). */
    public enum Tone {
        CALM, SOON, LAPSED;

        String css() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One certificate and its two deadlines. Days left are whole days, 0 on the last day, negative once passed;
     * {@code authorizationExpiry} and {@code authorizationDaysLeft} are null when no authorization is known.
     *
     * @param revocation good, revoked or unknown; null until first checked
     */
    public record Certificate(String fingerprint, String cvr, String organisation, String profile, String environment,
                              Instant notAfter, long certificateDaysLeft, LocalDate authorizationExpiry,
                              Long authorizationDaysLeft, String upload, String revocation, boolean superseded,
                              String supersededBy) {

        /** Days left to whichever deadline comes first. */
        public long daysLeft() {
            return authorizationDaysLeft == null ? certificateDaysLeft : Math.min(certificateDaysLeft, authorizationDaysLeft);
        }

        /** Whether the authorization lapses first (or on the same day): it is the deadline to act on. */
        public boolean authorizationFirst() {
            return authorizationDaysLeft != null && authorizationDaysLeft <= certificateDaysLeft;
        }

        /** What lapses first: "certificate", "authorization", or both on the same day. */
        public String firstDeadline() {
            if (authorizationDaysLeft != null && authorizationDaysLeft == certificateDaysLeft) {
                return "certificate and authorization";
            }
            return authorizationFirst() ? "authorization" : "certificate";
        }

        public boolean revoked() {
            return "revoked".equals(revocation);
        }

        public boolean uploadFailed() {
            return "failed".equals(upload);
        }

        public Tone tone(int warnDays) {
            if (superseded) {
                return Tone.CALM;
            }
            if (daysLeft() < 0 || revoked() || uploadFailed()) {
                return Tone.LAPSED;
            }
            return daysLeft() <= warnDays ? Tone.SOON : Tone.CALM;
        }

        /** "CVR 19435075 · CVR": how a person names it. */
        public String label() {
            return "CVR " + cvr + " · " + profile;
        }
    }

    /**
     * A delivery still pending or given up. {@code certificate} names its certificate for a person (or is null);
     * {@code lastError} is the outbox's own, already free of secrets, and made one safe line again before showing.
     */
    public record Delivery(long id, String target, String certificate, String status, int attempts, Instant createdAt,
                           Instant nextAttemptAt, String lastError) {

        public boolean failed() {
            return "failed".equals(status);
        }

        /** Tried and not delivered, or given up lately: someone should look. */
        boolean stuck(Instant now) {
            return failed() ? createdAt.isAfter(now.minus(RECENT)) : attempts > 0;
        }
    }

    public record Refusal(String folder, String file, Instant at, List<Reason> reasons) {

        public Refusal {
            reasons = List.copyOf(reasons);
        }
    }

    /** Why a bundle was refused: the stable finding code, the message and what to do about it. */
    public record Reason(String code, String message, String remedy) {
    }

    public record Check(String name, boolean up, String message) {
    }

    /**
     * @param node which node of the service answers; null while nodes have no names of their own
     */
    public record About(String version, String node, String dataDir) {
    }

    /** One thing that needs a person, with the section of the page that tells more. */
    public record Attention(String text, String anchor) {
    }

    /** What needs a person now, most urgent kinds first; empty when all is well. */
    public List<Attention> attention() {
        List<Attention> items = new ArrayList<>();
        for (Check check : checks) {
            if (!check.up()) {
                items.add(new Attention("Health check " + check.name() + " is down", "health"));
            }
        }
        for (Tone tone : List.of(Tone.LAPSED, Tone.SOON)) {
            for (Certificate c : certificates) {
                if (c.tone(warnDays) == tone) {
                    items.add(new Attention(c.label() + ": " + concern(c), "certificates"));
                }
            }
        }
        for (Delivery d : deliveries) {
            if (d.stuck(now)) {
                items.add(new Attention("Delivery to " + d.target() + (d.certificate() == null ? "" : " for " + d.certificate())
                        + (d.failed() ? " failed" : " is stuck after " + attempts(d.attempts())), "deliveries"));
            }
        }
        for (Refusal r : refusals) {
            if (r.at().isAfter(now.minus(RECENT))) {
                String codes = r.reasons().stream().map(Reason::code).distinct().reduce((a, b) -> a + ", " + b).orElse("");
                items.add(new Attention(r.file() + " was refused" + (codes.isEmpty() ? "" : " (" + codes + ")"), "refusals"));
            }
        }
        return items;
    }

    private static String concern(Certificate c) {
        if (c.revoked()) {
            return "revoked by the issuing CA";
        }
        String what = c.firstDeadline();
        boolean both = what.contains(" and ");
        long days = c.daysLeft();
        if (days < 0) {
            return what + (both ? " have lapsed" : " has lapsed");
        }
        if (c.uploadFailed()) {
            return "the WorkZone upload failed";
        }
        return what + (both ? " expire " : " expires ") + inDays(days);
    }

    static String inDays(long days) {
        if (days < 0) {
            return days == -1 ? "yesterday" : (-days) + " days ago";
        }
        return days == 0 ? "today" : days == 1 ? "tomorrow" : "in " + days + " days";
    }

    static String attempts(int attempts) {
        return attempts == 1 ? "1 attempt" : attempts + " attempts";
    }
}
