package dk.certflow.onboarding;

import dk.certflow.oces.CertificateFacts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The Datafordeler onboarding record ({@code onboarding.json}, schema certflow.onboarding/1): everything the person doing
 * the portal steps needs, and what certflow did on the WorkZone side. The portal has no API, so those steps stay
 * human; this record prepares them and remembers them.
 */
public record OnboardingRecord(
        String schema,
        String id,
        Instant createdAt,
        Organisation organisation,
        Certificate certificate,
        Datafordeler datafordeler,
        WorkZone workzone,
        List<ChecklistItem> checklist) {

    public static final String SCHEMA = "certflow.onboarding/1";
    public static final String SERVICE = "HentCVRData";

    public record Organisation(String cvr, String name) {
    }

    public record Certificate(String subject, String issuer, String serialNumber, String uuid, Instant notBefore,
                              Instant notAfter, String sha256Fingerprint, String sha1Thumbprint, String environment,
                              String pemFile) {
    }

    public record Datafordeler(String system, String authentication, LocalDate authorizationExpiry,
                               boolean expiryNotifications, List<String> ipWhitelist, List<String> services) {
    }

    public record WorkZone(String profile, String upload, Instant uploadedAt) {
    }

    public record ChecklistItem(String id, String text, boolean done) {
    }

    /** Datafordeler lets an authorization live at most maxDays, and never past the certificate. */
    public static LocalDate authorizationExpiry(Instant notAfter, Instant createdAt, int maxDays) {
        LocalDate limit = createdAt.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(maxDays);
        LocalDate certificateEnd = notAfter.atOffset(ZoneOffset.UTC).toLocalDate();
        return certificateEnd.isBefore(limit) ? certificateEnd : limit;
    }

    public static OnboardingRecord create(CertificateFacts facts, String system, List<String> ipWhitelist, String profile,
                                          String uploadStatus, Instant createdAt, int maxAuthorizationDays, String pemFile) {
        Certificate certificate = new Certificate(facts.subject(), facts.issuer(), facts.serialNumber(), facts.uuid(),
                facts.notBefore(), facts.notAfter(), facts.sha256Fingerprint(), facts.sha1Thumbprint(), facts.environment(), pemFile);
        Datafordeler datafordeler = new Datafordeler(system, "oauth-certificate",
                authorizationExpiry(facts.notAfter(), createdAt, maxAuthorizationDays), true, List.copyOf(ipWhitelist), List.of(SERVICE));
        WorkZone workzone = new WorkZone(profile, uploadStatus, null);
        return new OnboardingRecord(SCHEMA, facts.sha256Fingerprint(), createdAt.truncatedTo(ChronoUnit.SECONDS),
                new Organisation(facts.cvr(), facts.organisation()), certificate, datafordeler, workzone,
                checklist(certificate, datafordeler, workzone));
    }

    /** The same record after the WorkZone upload has an outcome. */
    public OnboardingRecord withUpload(String uploadStatus, Instant uploadedAt) {
        WorkZone updated = new WorkZone(workzone.profile(), uploadStatus, uploadedAt == null ? null : uploadedAt.truncatedTo(ChronoUnit.SECONDS));
        return new OnboardingRecord(schema, id, createdAt, organisation, certificate, datafordeler, updated,
                checklist(certificate, datafordeler, updated));
    }

    public boolean uploaded() {
        return "uploaded".equals(workzone.upload()) || "duplicate".equals(workzone.upload());
    }

    private static List<ChecklistItem> checklist(Certificate c, Datafordeler d, WorkZone w) {
        String system = d.system() == null ? "(choose a name, e.g. WorkZone CVR)" : d.system();
        String ips = d.ipWhitelist().isEmpty() ? "(WorkZone's public IP address, as a.b.c.d/32)" : String.join(", ", d.ipWhitelist());
        boolean uploaded = "uploaded".equals(w.upload()) || "duplicate".equals(w.upload());
        List<ChecklistItem> items = new ArrayList<>();
        items.add(new ChecklistItem("datafordeler-login",
                "Log in to the Datafordeler administration portal with MitID Erhverv (not a web user)", false));
        items.add(new ChecklistItem("datafordeler-it-system", "Create or open the IT system: " + system, false));
        items.add(new ChecklistItem("datafordeler-oauth-certificate",
                "Add an OAuth certificate to the IT system by uploading " + c.pemFile()
                        + " (SHA-1 " + c.sha1Thumbprint() + "); keep the client id for WorkZone", false));
        items.add(new ChecklistItem("datafordeler-authorization-expiry",
                "Set the authorization expiry to " + d.authorizationExpiry() + " (at most 730 days, never past the certificate)", false));
        items.add(new ChecklistItem("datafordeler-expiry-notifications", "Turn expiry notifications on", false));
        items.add(new ChecklistItem("datafordeler-ip-whitelist", "Add to the IP list: " + ips, false));
        items.add(new ChecklistItem("datafordeler-service-access", "Request access to the service " + SERVICE + " (CVR events)", false));
        items.add(new ChecklistItem("workzone-auth-profile",
                uploaded ? "WorkZone auth profile " + w.profile() + ": certificate uploaded by certflow"
                        : "WorkZone Configurator > Services > Contact synchronization > Auth profiles > " + w.profile()
                        + ": upload the PFX with its password", uploaded));
        return List.copyOf(items);
    }
}
