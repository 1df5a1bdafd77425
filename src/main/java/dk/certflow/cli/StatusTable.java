package dk.certflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.time.Days;
import dk.certflow.inventory.CertificateRecord;
import dk.certflow.json.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The inventory as {@code certflow status} shows it: soonest deadline first, where a certificate's deadline is the
 * earlier of its notAfter and its Datafordeler authorization expiry. Dates and days are counted in UTC.
 */
final class StatusTable {

    static final int RED_DAYS = 7;
    static final int YELLOW_DAYS = 30;
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RESET = "\u001b[0m";

    /** One certificate as the table and the JSON show it. */
    record Entry(String fingerprint, String cvr, String commonName, String subject, String profile, Instant notAfter,
                 long daysLeft, LocalDate authorizationExpiry, Long authorizationDaysLeft, String upload,
                 boolean superseded) {

        /** Days to the nearer of the two deadlines. */
        long deadlineDays() {
            return authorizationDaysLeft == null ? daysLeft : Math.min(daysLeft, authorizationDaysLeft);
        }

        boolean authorizationFirst() {
            return authorizationDaysLeft != null && authorizationDaysLeft < daysLeft;
        }

        LocalDate deadlineDate() {
            return authorizationFirst() ? authorizationExpiry : LocalDate.ofInstant(notAfter, ZoneOffset.UTC);
        }

        /** The instant the nearer deadline falls; an authorization lapses at the start of its expiry day. */
        private Instant deadline() {
            if (authorizationExpiry == null) {
                return notAfter;
            }
            Instant authorization = authorizationExpiry.atStartOfDay(ZoneOffset.UTC).toInstant();
            return authorization.isBefore(notAfter) ? authorization : notAfter;
        }
    }

    private final List<Entry> entries;

    private StatusTable(List<Entry> entries) {
        this.entries = entries;
    }

    static StatusTable of(List<CertificateRecord> certificates, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return sorted(certificates.stream()
                .map(c -> entry(c.fingerprint(), c.cvr(), c.subject(), c.profile(), c.notAfter(), c.authorizationExpiry(),
                        c.uploadStatus().value(), !c.isActive(), now, today))
                .toList());
    }

    private static StatusTable sorted(List<Entry> entries) {
        return new StatusTable(entries.stream()
                .sorted(Comparator.comparing(Entry::deadline).thenComparing(Entry::cvr).thenComparing(Entry::fingerprint))
                .toList());
    }

    /** The same table from the running service's {@code GET /api/certificates} answer. */
    static StatusTable ofApi(JsonNode certificates, boolean all, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Entry> entries = new ArrayList<>();
        for (JsonNode c : certificates) {
            boolean superseded = c.path("superseded").asBoolean();
            if (superseded && !all) {
                continue;
            }
            String authorization = c.path("authorizationExpiry").asText(null);
            entries.add(entry(c.path("fingerprint").asText(), c.path("cvr").asText(), c.path("subject").asText(),
                    c.path("profile").asText(), Instant.parse(c.path("notAfter").asText()),
                    authorization == null ? null : LocalDate.parse(authorization), c.path("upload").asText(), superseded,
                    now, today));
        }
        return sorted(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    String json() {
        return Json.pretty(entries);
    }

    /** The table with a summary line; {@code colour} marks rows whose deadline is near with ANSI colours. */
    String text(boolean colour) {
        if (entries.isEmpty()) {
            return "0 certificates\n";
        }
        boolean withState = entries.stream().anyMatch(Entry::superseded);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("CVR", "SUBJECT CN", "PROFILE", "NOT AFTER", "DAYS LEFT",
                "AUTHORIZATION", "AUTH DAYS", "UPLOAD"));
        if (withState) {
            header.add("STATE");
        }
        rows.add(header);
        for (Entry e : entries) {
            List<String> row = new ArrayList<>(List.of(e.cvr(), e.commonName(), e.profile(),
                    LocalDate.ofInstant(e.notAfter(), ZoneOffset.UTC).toString(), Long.toString(e.daysLeft()),
                    e.authorizationExpiry() == null ? "-" : e.authorizationExpiry().toString(),
                    e.authorizationDaysLeft() == null ? "-" : Long.toString(e.authorizationDaysLeft()),
                    e.upload()));
            if (withState) {
                row.add(e.superseded() ? "superseded" : "active");
            }
            rows.add(row);
        }
        int[] widths = widths(rows);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            String line = line(rows.get(i), widths);
            String ansi = i == 0 || !colour ? null : colourOf(entries.get(i - 1).deadlineDays());
            out.append(ansi == null ? line : ansi + line + RESET).append('\n');
        }
        return out.append(summary()).append('\n').toString();
    }

    private String summary() {
        Entry soonest = entries.get(0);
        String what = soonest.authorizationFirst() ? "authorization" : "certificate";
        return entries.size() + (entries.size() == 1 ? " certificate" : " certificates") + ", soonest deadline: "
                + soonest.deadlineDate() + " " + what + " of CVR " + soonest.cvr() + " (" + days(soonest.deadlineDays()) + ")";
    }

    static String days(long days) {
        if (days < 0) {
            return "expired " + -days + (days == -1 ? " day" : " days") + " ago";
        }
        return days + (days == 1 ? " day" : " days");
    }

    /** Red from {@value #RED_DAYS} days and after expiry, yellow from {@value #YELLOW_DAYS} days, none before. */
    static String colourOf(long days) {
        if (days <= RED_DAYS) {
            return RED;
        }
        return days <= YELLOW_DAYS ? YELLOW : null;
    }

    /** The most specific CN of an RFC 2253 distinguished name; the whole name if it has none or does not parse. */
    static String commonName(String subject) {
        try {
            // LdapName lists RDNs from the right; the last CN found is the leftmost, most specific one.
            String cn = null;
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = rdn.getValue().toString();
                }
            }
            return cn != null ? cn : subject;
        } catch (InvalidNameException e) {
            return subject;
        }
    }

    private static Entry entry(String fingerprint, String cvr, String subject, String profile, Instant notAfter,
                               LocalDate authorizationExpiry, String upload, boolean superseded, Instant now, LocalDate today) {
        // Whole days left, rounded down: a certificate that lapsed an hour ago has -1, not 0.
        long daysLeft = Days.left(now, notAfter);
        Long authorizationDaysLeft = authorizationExpiry == null ? null : ChronoUnit.DAYS.between(today, authorizationExpiry);
        return new Entry(fingerprint, cvr, commonName(subject), subject, profile, notAfter,
                daysLeft, authorizationExpiry, authorizationDaysLeft, upload, superseded);
    }

    private static int[] widths(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        return widths;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append("  ");
            }
            line.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths[i] + "s", cells.get(i)));
        }
        return line.toString();
    }
}
