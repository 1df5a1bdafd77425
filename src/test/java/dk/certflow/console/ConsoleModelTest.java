package dk.certflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import dk.certflow.findings.Severity;
import dk.certflow.intake.Refusals;
import dk.certflow.inventory.CertificateRecord;
import dk.certflow.inventory.CertificateStatus;
import dk.certflow.inventory.UploadStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleModelTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void theAuthorizationCountsThroughItsWholeDanishDay() {
        CertificateRecord record = new CertificateRecord("fp", "sha1", "19435075", "Org", "CN=x", "CN=ca", "1", null, "test",
                "CVR", NOW.minusSeconds(86400), Instant.parse("2029-06-07T14:00:34Z"), LocalDate.of(2026, 12, 11), "org.p12",
                "/out", CertificateStatus.ACTIVE, null, UploadStatus.PENDING, null, NOW, NOW);
        ConsoleView.Certificate c = ConsoleModel.certificate(record, null, NOW);
        assertThat(c.authorizationDaysLeft()).isEqualTo(10L);
        assertThat(c.certificateDaysLeft()).isEqualTo(919L);
        assertThat(c.daysLeft()).isEqualTo(10L);
        assertThat(c.upload()).isEqualTo("pending");
        assertThat(c.revocation()).isNull();
        assertThat(c.superseded()).isFalse();
    }

    @Test
    void aRefusalShowsTheErrorsThatRefusedItEachWithItsRemedy() {
        Refusals.Refusal refusal = new Refusals.Refusal("20261201-120000-org", "org.p12", NOW, List.of(
                new Refusals.Reason("EXPIRES_SOON", Severity.WARNING, "expires in 20 days"),
                new Refusals.Reason("PASSWORD_INCORRECT", Severity.ERROR, "the password does not open the file"),
                new Refusals.Reason("SOME_FUTURE_CODE", Severity.ERROR, "from a newer certflow")));
        ConsoleView.Refusal shown = ConsoleModel.refusal(refusal);
        assertThat(shown.reasons()).extracting(ConsoleView.Reason::code).containsExactly("PASSWORD_INCORRECT", "SOME_FUTURE_CODE");
        assertThat(shown.reasons().get(0).remedy()).startsWith("Use the password MitID Erhverv showed");
        assertThat(shown.reasons().get(1).remedy()).isNull();
    }
}
