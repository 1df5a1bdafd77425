package dk.certflow.console;

import dk.certflow.expiry.Deadline;
import dk.certflow.findings.FindingCode;
import dk.certflow.findings.Severity;
import dk.certflow.intake.Refusals;
import dk.certflow.inventory.CertificateRecord;
import dk.certflow.inventory.DeadlineKind;
import dk.certflow.inventory.Delivery;
import dk.certflow.revocation.RevocationStatus;
import dk.certflow.time.Days;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns what certflow records into the console's {@link ConsoleView}: the one place that knows both. */
public final class ConsoleModel {

    private ConsoleModel() {
    }

    public static ConsoleView view(Instant now, List<CertificateRecord> certificates, Map<String, RevocationStatus> revocations,
                                   List<Delivery> deliveries, List<Refusals.Refusal> refusals, List<ConsoleView.Check> checks,
                                   List<Integer> thresholds, int warnDays, ConsoleView.About about) {
        Map<String, String> names = new HashMap<>();
        certificates.forEach(c -> names.put(c.fingerprint(), "CVR " + c.cvr() + " · " + c.profile()));
        return new ConsoleView(now,
                certificates.stream().map(c -> certificate(c, revocations.get(c.fingerprint()), now)).toList(),
                deliveries.stream().map(d -> new ConsoleView.Delivery(d.id(), d.target().value(), names.get(d.fingerprint()),
                        d.status().value(), d.attempts(), d.createdAt(), d.nextAttemptAt(), d.lastError())).toList(),
                refusals.stream().map(ConsoleModel::refusal).toList(),
                checks, thresholds, warnDays, about);
    }

    static ConsoleView.Certificate certificate(CertificateRecord c, RevocationStatus revocation, Instant now) {
        Long authorizationDaysLeft = Deadline.of(c).stream().filter(d -> d.kind() == DeadlineKind.AUTHORIZATION)
                .findFirst().map(d -> d.daysLeft(now)).orElse(null);
        return new ConsoleView.Certificate(c.fingerprint(), c.cvr(), c.organisation(), c.profile(), c.environment(),
                c.notAfter(), Days.left(now, c.notAfter()), c.authorizationExpiry(), authorizationDaysLeft,
                c.uploadStatus().value(), revocation == null ? null : revocation.status().value(), !c.isActive(),
                c.supersededBy());
    }

    /** The errors that refused it (the warnings beside them did not), each with what to do. */
    static ConsoleView.Refusal refusal(Refusals.Refusal refusal) {
        List<Refusals.Reason> errors = refusal.reasons().stream().filter(r -> r.severity() == Severity.ERROR).toList();
        return new ConsoleView.Refusal(refusal.folder(), refusal.file(), refusal.at(),
                (errors.isEmpty() ? refusal.reasons() : errors).stream()
                        .map(r -> new ConsoleView.Reason(r.code(), r.message(), remedy(r.code()))).toList());
    }

    private static String remedy(String code) {
        return Arrays.stream(FindingCode.values()).filter(c -> c.name().equals(code)).findFirst().map(FindingCode::remedy).orElse(null);
    }
}
