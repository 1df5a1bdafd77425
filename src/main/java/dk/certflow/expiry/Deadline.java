package dk.certflow.expiry;

import dk.certflow.time.Days;
import dk.certflow.inventory.CertificateRecord;
import dk.certflow.inventory.DeadlineKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A moment after which something stops working, and the calendar day people know it by.
 *
 * @param kind what lapses
 * @param at   the last second it is valid, like a certificate's notAfter
 * @param day  the date shown in notices
 */
public record Deadline(DeadlineKind kind, Instant at, LocalDate day) {

    /** The Datafordeler portal shows authorization expiry as a Danish calendar date. */
    static final ZoneId DATAFORDELER_ZONE = ZoneId.of("Europe/Copenhagen");


    /**
     * The certificate's notAfter (shown as its UTC date, as in mail subjects) and, when known, the authorization
     * expiry. The authorization counts as valid through its whole expiry date in Danish time, so its days left are
     * plain calendar days: 0 on the date itself, -1 from the next day on.
     */
    public static List<Deadline> of(CertificateRecord certificate) {
        List<Deadline> deadlines = new ArrayList<>(2);
        Instant notAfter = certificate.notAfter();
        deadlines.add(new Deadline(DeadlineKind.CERTIFICATE, notAfter, LocalDate.ofInstant(notAfter, ZoneOffset.UTC)));
        LocalDate authorization = certificate.authorizationExpiry();
        if (authorization != null) {
            Instant lastSecond = authorization.plusDays(1).atStartOfDay(DATAFORDELER_ZONE).toInstant().minusSeconds(1);
            deadlines.add(new Deadline(DeadlineKind.AUTHORIZATION, lastSecond, authorization));
        }
        return deadlines;
    }

    /** Whole days from {@code now} to the deadline, rounded down: 0 within its last day, negative once it passed. */
    public long daysLeft(Instant now) {
        return Days.left(now, at);
    }
}
