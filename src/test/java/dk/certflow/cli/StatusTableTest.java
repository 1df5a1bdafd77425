package dk.certflow.cli;

import dk.certflow.inventory.CertificateRecord;
import dk.certflow.inventory.CertificateStatus;
import dk.certflow.inventory.UploadStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTableTest {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    @Test
    void coloursRowsByTheNearerDeadline() {
        StatusTable table = StatusTable.of(List.of(
                record("A", "11111111", Instant.parse("2026-12-01T00:00:00Z"), null),
                record("B", "22222222", Instant.parse("2026-03-20T08:00:00Z"), null),
                record("C", "33333333", Instant.parse("2027-03-01T00:00:00Z"), LocalDate.parse("2026-03-05")),
                record("D", "44444444", Instant.parse("2026-02-28T20:00:00Z"), null)), NOW);

        List<String> lines = table.text(true).lines().toList();

        assertThat(lines.get(0)).startsWith("CVR").doesNotContain("\u001b");
        assertThat(lines.get(1)).startsWith("\u001b[31m44444444").endsWith("\u001b[0m");
        assertThat(lines.get(1).split("\\s{2,}")[4]).isEqualTo("-1");
        assertThat(lines.get(2)).startsWith("\u001b[31m33333333");
        assertThat(lines.get(3)).startsWith("\u001b[33m22222222");
        assertThat(lines.get(4)).startsWith("11111111");
        assertThat(lines.get(5)).isEqualTo("4 certificates, soonest deadline: 2026-02-28 certificate of CVR 44444444"
                + " (expired 1 day ago)");
        assertThat(table.text(false)).doesNotContain("\u001b");
    }

    @Test
    void summaryNamesAnAuthorizationDeadline() {
        StatusTable table = StatusTable.of(List.of(
                record("C", "33333333", Instant.parse("2027-03-01T00:00:00Z"), LocalDate.parse("2026-03-02"))), NOW);

        assertThat(table.text(false).lines().toList()).last()
                .isEqualTo("1 certificate, soonest deadline: 2026-03-02 authorization of CVR 33333333 (1 day)");
        assertThat(StatusTable.of(List.of(), NOW).text(false)).isEqualTo("0 certificates\n");
    }

    @Test
    void thresholdsAreInclusive() {
        assertThat(StatusTable.colourOf(-3)).isEqualTo("\u001b[31m");
        assertThat(StatusTable.colourOf(7)).isEqualTo("\u001b[31m");
        assertThat(StatusTable.colourOf(8)).isEqualTo("\u001b[33m");
        assertThat(StatusTable.colourOf(30)).isEqualTo("\u001b[33m");
        assertThat(StatusTable.colourOf(31)).isNull();
    }

    @Test
    void takesTheMostSpecificCommonName() {
        assertThat(StatusTable.commonName("CN=Systemcertifikat\\, test,O=Org,organizationIdentifier=NTRDK-12345674,C=DK"))
                .isEqualTo("Systemcertifikat, test");
        assertThat(StatusTable.commonName("CN=leaf,OU=unit,CN=outer,C=DK")).isEqualTo("leaf");
        assertThat(StatusTable.commonName("2.5.4.97=#0c0e4e5452444b2d3132333435363734,cn=lower")).isEqualTo("lower");
        assertThat(StatusTable.commonName("O=No name,C=DK")).isEqualTo("O=No name,C=DK");
        assertThat(StatusTable.commonName("not a DN")).isEqualTo("not a DN");
    }

    private static CertificateRecord record(String cn, String cvr, Instant notAfter, LocalDate authorizationExpiry) {
        return new CertificateRecord(cn + "0".repeat(63), cn + "0".repeat(39), cvr, null, "CN=" + cn + ",C=DK",
                "CN=CA,C=DK", "01", null, "test", "CVR", NOW.minusSeconds(86_400 * 365), notAfter, authorizationExpiry,
                cn + ".p12", null, CertificateStatus.ACTIVE, null, UploadStatus.UPLOADED, null, NOW, NOW);
    }
}
