package dk.certflow.oces;

import java.util.List;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/** Names and identifiers of the OCES3 (and retired OCES2) PKIs. */
final class Oces {

    static final X500Principal PRODUCTION_ROOT =
            new X500Principal("C=DK, O=Den Danske Stat, CN=Den Danske Stat OCES rod-CA");
    static final X500Principal TEST_ROOT =
            new X500Principal("C=DK, O=Den Danske Stat, OU=Test - cti, CN=Den Danske Stat OCES rod-CA");

    static final String ETSI_NCP = "0.4.0.2042.1.1";
    static final List<String> OCES3_ORGANISATION_POLICIES = List.of("1.2.208.169.1.1.1.3.7", "1.2.208.169.1.1.1.3.7.1");

    static final String ORGANISATION_PREFIX = "UI:DK-O:G:";
    static final String EMPLOYEE_PREFIX = "UI:DK-E:G:";
    static final Pattern ORGANIZATION_IDENTIFIER = Pattern.compile("NTRDK-([0-9]{8})");

    /** OCES2 subject serialNumber, e.g. {@code CVR:12345678-FID:1234567890}. */
    static final Pattern OCES2_SERIAL = Pattern.compile("CVR:([0-9]{8})-(FID|UID|RID):.*");
    /** The OCES2 policy arcs (POCES, MOCES, VOCES, FOCES). OCES3 reuses part of this arc, see {@link #isOces2Policy}. */
    private static final Pattern OCES2_POLICY = Pattern.compile("1\\.2\\.208\\.169\\.1\\.1\\.1\\.[1-4](\\..*)?");
    static final String OCES2_ISSUER_ORGANISATION = "TRUST2408";

    private Oces() {
    }

    /**
     * A policy under the OCES2 arcs, when the certificate has no ETSI policy: OCES3 certificates always carry
     * {@value #ETSI_NCP}, and their own policies (1.2.208.169.1.1.1.3.7...) lie under an OCES2 arc too.
     */
    static boolean hasOces2Policies(List<String> policies) {
        return policies.stream().noneMatch(oid -> oid.startsWith("0.4.0.2042."))
                && policies.stream().anyMatch(oid -> OCES2_POLICY.matcher(oid).matches() && !isOces3Policy(oid));
    }

    private static boolean isOces3Policy(String oid) {
        return oid.equals(OCES3_ORGANISATION_POLICIES.get(0)) || oid.startsWith(OCES3_ORGANISATION_POLICIES.get(0) + ".");
    }

    static boolean hasOces3OrganisationPolicies(List<String> policies) {
        return policies.contains(ETSI_NCP) && policies.stream().anyMatch(OCES3_ORGANISATION_POLICIES::contains);
    }

    /** production, test or unknown: which OCES3 PKI a trust anchor belongs to, by its name. */
    static String environmentOf(X500Principal anchor) {
        if (PRODUCTION_ROOT.equals(anchor)) {
            return "production";
        }
        return TEST_ROOT.equals(anchor) ? "test" : "unknown";
    }
}
