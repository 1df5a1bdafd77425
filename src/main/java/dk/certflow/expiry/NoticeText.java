package dk.certflow.expiry;

import dk.certflow.inventory.CertificateRecord;
import dk.certflow.inventory.DeadlineKind;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The one-line text of an expiry notice: what lapses, when, and where to renew it. */
final class NoticeText {

    private NoticeText() {
    }

    static String of(CertificateRecord certificate, Deadline deadline, long daysLeft) {
        String when = daysLeft < 0
                ? "has expired (" + deadline.day() + ")"
                : "expires " + inDays(daysLeft) + " (" + deadline.day() + ")";
        if (deadline.kind() == DeadlineKind.AUTHORIZATION) {
            return "Datafordeler authorization for CVR " + certificate.cvr() + " " + when
                    + "; renew it in the Datafordeler portal";
        }
        String renew = daysLeft < 0 ? "order a new one in MitID Erhverv" : "order the renewal in MitID Erhverv";
        return "CVR certificate for " + certificate.cvr() + " (" + commonName(certificate.subject()) + ") " + when
                + "; " + renew;
    }

    private static String inDays(long daysLeft) {
        if (daysLeft == 0) {
            return "in less than a day";
        }
        return daysLeft == 1 ? "in 1 day" : "in " + daysLeft + " days";
    }

    /** {@code CN=...} of an RFC 2253 subject; the whole subject when it has no CN or cannot be parsed. */
    static String commonName(String subject) {
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return "CN=" + rdn.getValue();
                }
            }
        } catch (InvalidNameException e) {
            return subject;
        }
        return subject;
    }
}
