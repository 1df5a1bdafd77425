package dk.certflow.service;

import static dk.certflow.service.TestBundles.drop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration that changes what the drop folder does: a default password from a file (certflow.pkcs12.password-file),
 * so a .p12 without sidecar is processed at once instead of waiting for one, and certflow.organisation.cvr, which
 * refuses certificates of other organisations.
 */
class DropFolderSettingsTest {

    @TempDir
    Path temp;

    @Test
    void aDefaultPasswordNeedsNoSidecarAnEncryptedKeyIsWrittenWhenAskedAndAnotherOrganisationsCertificateIsRefused() throws Exception {
        Path passwordFile = Files.writeString(temp.resolve("pkcs12.pass"), TestBundles.samplePassword() + "\n");
        try (RunningService service = RunningService.start(temp.resolve("data"), RunningService.settings(
                "certflow.trust.ca-file", TestBundles.trustFile(temp).toString(),
                "certflow.oces.environment", "test",
                "certflow.drop.poll-interval", "200ms",
                "certflow.drop.sidecar-wait", "10m",
                "certflow.pkcs12.password-file", passwordFile.toString(),
                "certflow.organisation.cvr", "19435075",
                "certflow.pem.private-key", "encrypted"), null)) {

            drop(service.drop(), "nosidecar.p12", TestBundles.sample());
            // with a sidecar wait of 10 minutes, only the configured password can get it through this soon
            await().atMost(Duration.ofSeconds(30)).until(() -> TestBundles.exists(service.data().resolve("archive"), "nosidecar", 4));
            Path out = service.data().resolve("out/19435075/" + TestBundles.SAMPLE_FINGERPRINT);
            assertThat(out.resolve("certificate.pem")).exists();
            // asked for, the key is written encrypted with the PFX password, owner-only
            assertThat(Files.readString(out.resolve("private-key.pem"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("private-key.pem"))))
                    .isEqualTo("rw-------");

            byte[] other = TestBundles.pkcs12(TestBundles.leaf("19552101", Duration.ofDays(500)), temp, TestBundles.samplePassword());
            drop(service.drop(), "otherorg.p12", other);
            await().atMost(Duration.ofSeconds(30)).until(() -> TestBundles.exists(service.data().resolve("rejected"), "-otherorg", 1));
            Path rejected = TestBundles.folderEndingWith(service.data().resolve("rejected"), "-otherorg", 1);
            assertThat(errorCodes(rejected)).containsExactly("CVR_MISMATCH");
        }
    }

    private static List<String> errorCodes(Path rejected) throws Exception {
        List<String> codes = new ArrayList<>();
        for (JsonNode finding : Json.mapper().readTree(rejected.resolve("reason.json").toFile()).path("findings")) {
            if (finding.path("severity").asText().equals("ERROR")) {
                codes.add(finding.path("code").asText());
            }
        }
        return codes;
    }
}
