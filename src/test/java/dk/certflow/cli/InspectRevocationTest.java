package dk.certflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.json.Json;
import dk.certflow.pem.PemWriter;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.pki.SharedPki;
import dk.certflow.revocation.TestRevocationServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect --revocation against a loopback OCSP responder, and offline against the real OCES3 responder. */
class InspectRevocationTest {

    @TempDir
    Path temp;

    record Run(int exit, String out) {
    }

    @Test
    void aGoodAndARevokedCertificateOfTheTestPki() throws Exception {
        try (TestRevocationServer server = new TestRevocationServer(SharedPki.test().issuing())) {
            IssuedCertificate good = leaf(server);
            IssuedCertificate revoked = leaf(server);
            Instant at = Instant.parse("2026-01-02T03:04:05Z");
            server.revoke(revoked.certificate(), at, CRLReason.keyCompromise);

            Run ok = run("inspect", "--json", "--revocation", "hard-fail", "--ca", trust().toString(), pem(good, "good.pem").toString());
            assertThat(ok.exit()).isZero();
            assertThat(Json.mapper().readTree(ok.out()).path("findings")).isEmpty();

            Run refused = run("inspect", "--json", "--ca", trust().toString(), pem(revoked, "revoked.pem").toString());
            assertThat(refused.exit()).isEqualTo(1);
            JsonNode finding = Json.mapper().readTree(refused.out()).path("findings").get(0);
            assertThat(finding.path("code").asText()).isEqualTo("REVOKED");
            assertThat(finding.path("severity").asText()).isEqualTo("ERROR");
            assertThat(finding.path("message").asText()).contains("2026-01-02T03:04:05Z", "keyCompromise");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"good", "delegated", "wrongkey", "stale", "down", "crlonly"})
    void everyKindOfAnswerThroughInspect(String scenario) throws Exception {
        try (TestRevocationServer server = new TestRevocationServer(SharedPki.test().issuing())) {
            IssuedCertificate leaf = leaf(server);
            java.security.KeyPair keys = dk.certflow.pki.TestPki.rsaKeyPair(2048);
            switch (scenario) {
                case "delegated" -> server.signWith(keys.getPrivate(), TestRevocationServer.responderCertificate(SharedPki.test().issuing(), keys, true));
                case "wrongkey" -> server.signWith(keys.getPrivate(), null);
                case "stale" -> server.dating(java.time.Duration.ofDays(3), java.time.Duration.ofDays(-2));
                case "down" -> server.stopOcsp();
                case "crlonly" -> {
                    server.revoke(leaf.certificate(), Instant.parse("2026-03-04T05:06:07Z"), CRLReason.cessationOfOperation);
                    server.stopOcsp();
                }
                default -> { }
            }
            if (!scenario.equals("crlonly")) {
                server.stopCrl(); // the OCSP answer alone decides
            }
            Path file = pem(leaf, scenario + ".pem");

            Run soft = run("inspect", "--json", "--ca", trust().toString(), file.toString());
            Run hard = run("inspect", "--json", "--revocation", "hard-fail", "--ca", trust().toString(), file.toString());

            JsonNode softFindings = Json.mapper().readTree(soft.out()).path("findings");
            JsonNode hardFindings = Json.mapper().readTree(hard.out()).path("findings");
            switch (scenario) {
                case "good", "delegated" -> {
                    assertThat(softFindings).isEmpty();
                    assertThat(hard.exit()).isZero();
                }
                case "crlonly" -> {
                    assertThat(soft.exit()).isEqualTo(1);
                    assertThat(softFindings.get(0).path("code").asText()).isEqualTo("REVOKED");
                    assertThat(softFindings.get(0).path("message").asText()).contains("2026-03-04T05:06:07Z", "cessationOfOperation");
                }
                default -> { // no answer that counts: a warning in soft-fail, an error in hard-fail
                    assertThat(soft.exit()).isZero();
                    assertThat(softFindings.get(0).path("code").asText()).isEqualTo("REVOCATION_UNKNOWN");
                    assertThat(softFindings.get(0).path("severity").asText()).isEqualTo("WARNING");
                    assertThat(hard.exit()).isEqualTo(1);
                    assertThat(hardFindings.get(0).path("severity").asText()).isEqualTo("ERROR");
                }
            }
        }
    }

    @Test
    void offlineTheRealSampleIsUnknownAWarningByDefaultAnErrorInHardFailNothingWhenOff() throws Exception {
        Path sample = temp.resolve("sample.p12");
        Files.write(sample, resource("/oces/samples/kombit-sp-devtest4-demoklient-sf0101-1.p12"));
        Path password = temp.resolve("pass.txt");
        Files.write(password, resource("/oces/samples/kombit-sp-devtest4-demoklient-sf0101-1.pass"));
        // an unreachable relay, so the test is offline even where ca1.cti-gov.dk answers
        Path config = temp.resolve("certflow.properties");
        Files.writeString(config, "certflow.revocation.ocsp-url=http://127.0.0.1:1/ocsp\n");
        {
            Run soft = run("inspect", "--config", config.toString(), "--password-file", password.toString(), sample.toString());
            assertThat(soft.exit()).isZero();
            assertThat(soft.out()).contains("Result:        VALID", "REVOCATION_UNKNOWN", "http://127.0.0.1:1/ocsp");

            Run hard = run("inspect", "--config", config.toString(), "--revocation", "hard-fail", "--password-file", password.toString(), sample.toString());
            assertThat(hard.exit()).isEqualTo(1);
            assertThat(hard.out()).contains("NOT VALID", "REVOCATION_UNKNOWN");

            Run off = run("inspect", "--revocation", "off", "--password-file", password.toString(), sample.toString());
            assertThat(off.exit()).isZero();
            assertThat(off.out()).doesNotContain("REVOCATION_UNKNOWN").contains("No findings.");

            assertThat(run("inspect", "--revocation", "sometimes", sample.toString()).exit()).isEqualTo(2);
        }
    }

    private static IssuedCertificate leaf(TestRevocationServer server) {
        return SharedPki.test().leaf().keyPair(SharedPki.leafKey()).revocationUrls(server.ocspUrl(), server.crlUrl()).issue();
    }

    private Path trust() throws Exception {
        Path file = temp.resolve("ca.pem");
        Files.writeString(file, PemWriter.toPem(SharedPki.test().root().certificate()) + PemWriter.toPem(SharedPki.test().issuing().certificate()));
        return file;
    }

    private Path pem(IssuedCertificate certificate, String name) throws Exception {
        Path file = temp.resolve(name);
        Files.writeString(file, PemWriter.toPem(certificate.certificate()));
        return file;
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = InspectRevocationTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            var cli = CertflowCommand.commandLine();
            cli.setOut(new java.io.PrintWriter(System.out, true));
            cli.setErr(new java.io.PrintWriter(System.err, true));
            return new Run(cli.execute(args), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
