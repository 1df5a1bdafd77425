package dk.certflow.camel;

import dk.certflow.time.Days;
import dk.certflow.inventory.CertificateInventory;
import dk.certflow.inventory.CertificateRecord;
import dk.certflow.inventory.RevocationLog;
import dk.certflow.revocation.RevocationStatus;
import java.util.Map;
import dk.certflow.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** GET /api/certificates: the inventory as JSON, one object per certificate. */
public final class InventoryApi {

    private final CertificateInventory inventory;
    private final RevocationLog revocations;
    private final Clock clock;

    public InventoryApi(CertificateInventory inventory, RevocationLog revocations, Clock clock) {
        this.inventory = inventory;
        this.revocations = revocations;
        this.clock = clock;
    }

    /** The last revocation answer (CONTRACTS §9); null until the certificate was first checked. */
    public record RevocationView(String status, Instant checkedAt, Instant revokedAt, String reason) {

        static RevocationView of(RevocationStatus status) {
            return status == null ? null
                    : new RevocationView(status.status().value(), status.checkedAt(), status.revokedAt(), status.reason());
        }
    }

    public record CertificateView(String fingerprint, String cvr, String organisation, String subject, String profile,
                                  String environment, Instant notAfter, LocalDate authorizationExpiry, long daysLeft,
                                  String upload, Instant uploadedAt, boolean superseded, String supersededBy,
                                  String sourceFile, String outDir, Instant createdAt, RevocationView revocation) {
    }

    public String certificates() {
        Instant now = clock.instant();
        Map<String, RevocationStatus> known = revocations.all();
        List<CertificateView> views = inventory.all().stream().map(c -> view(c, known.get(c.fingerprint()), now)).toList();
        return Json.pretty(views);
    }

    static CertificateView view(CertificateRecord c, RevocationStatus revocation, Instant now) {
        return new CertificateView(c.fingerprint(), c.cvr(), c.organisation(), c.subject(), c.profile(), c.environment(),
                c.notAfter(), c.authorizationExpiry(), Days.left(now, c.notAfter()), c.uploadStatus().value(),
                c.uploadedAt(), !c.isActive(), c.supersededBy(), c.sourceFile(), c.outDir(), c.createdAt(),
                RevocationView.of(revocation));
    }
}
