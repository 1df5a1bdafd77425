package dk.certflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect and convert as a user runs them: arguments in, text or JSON and an exit code out. */
class InspectConvertCommandTest {

    private static final String SAMPLE = "/oces/samples/kombit-sp-devtest4-demoklient-sf0101-1.p12";

    @TempDir
    Path temp;

    record Run(int exit, String out, String err) {
    }

    @Test
    void inspectShowsTheRealSampleAsValidText() throws Exception {
        Run run = run("inspect", "--password-file", passwordFile().toString(), copy(SAMPLE, "sample.p12").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Result:        VALID", "CVR:           19435075", "Environment:   test",
                "Type:          organisation", "DD8A015812F614CE7F30B12AC269BEB04CCB783942D148A03D33301024E8B3DD", "days left");
    }

    @Test
    void inspectJsonHasExactlyTheContractFields() throws Exception {
        Run run = run("inspect", "--json", "--password-file", passwordFile().toString(), copy(SAMPLE, "sample.p12").toString());
        assertThat(run.exit()).isZero();
        JsonNode report = Json.mapper().readTree(run.out());
        assertThat(names(report)).containsExactly("file", "valid", "findings", "certificate");
        assertThat(report.path("valid").asBoolean()).isTrue();
        assertThat(names(report.path("certificate"))).containsExactlyInAnyOrder("subject", "issuer", "serialNumber", "notBefore",
                "notAfter", "daysLeft", "sha256Fingerprint", "sha1Thumbprint", "cvr", "organisation", "uuid", "type", "environment",
                "keyAlgorithm", "keySize", "signatureAlgorithm", "policies");
        assertThat(report.at("/certificate/sha1Thumbprint").asText()).isEqualTo("EAC6FC97EAABD52B84CF578678ACDFA3EED4C85B");
        assertThat(run.out()).doesNotContain(Files.readString(passwordFile()).strip());
    }

    @Test
    void anExpiredLeafExitsOneWithItsFindingAndRemedy() throws Exception {
        Path leaf = copy("/oces/leaves/skat-b2b-gateway-tse-prod-2023.pem", "old.pem");
        Run json = run("inspect", "--json", leaf.toString());
        assertThat(json.exit()).isEqualTo(1);
        JsonNode finding = Json.mapper().readTree(json.out()).path("findings").get(0);
        assertThat(names(finding)).containsExactly("code", "severity", "message");
        assertThat(finding.path("code").asText()).isEqualTo("EXPIRED");
        Run text = run("inspect", leaf.toString());
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).contains("NOT VALID", "EXPIRED", "-> Order a new certificate");
    }

    @Test
    void aWrongEnvironmentOrCvrIsReported() throws Exception {
        Path sample = copy(SAMPLE, "sample.p12");
        Run run = run("inspect", "--json", "--environment", "production", "--expect-cvr", "19552101",
                "--password-file", passwordFile().toString(), sample.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("WRONG_ENVIRONMENT", "CVR_MISMATCH");
    }

    @Test
    void remediesNameTheOptionsOfTheCommandNotTheConfigurationKeys() throws Exception {
        Run run = run("inspect", "--environment", "production", "--expect-cvr", "19552101",
                "--password-file", passwordFile().toString(), copy(SAMPLE, "sample.p12").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("-> Use a certificate from the right OCES3 environment, or give --environment production, test or any.",
                "the CVR given with --expect-cvr").doesNotContain("certflow.oces.environment", "certflow.organisation.cvr", "sidecar");
        Run noPassword = run("inspect", copy(SAMPLE, "nopassword.p12").toString());
        assertThat(noPassword.out()).contains("PASSWORD_MISSING", "--password-file FILE or the CERTFLOW_PASSWORD environment variable")
                .doesNotContain("sidecar", "certflow.pkcs12.password");
    }

    @Test
    void anUnknownEnvironmentIsAUsageErrorThatListsTheValues() throws Exception {
        Run run = run("inspect", "--environment", "tset", "--password-file", passwordFile().toString(), copy(SAMPLE, "sample.p12").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--environment tset: unknown value, use production, test or any");
    }

    @Test
    void aTextFileIsCalledWhatItIsNotTruncated() throws Exception {
        Path notes = Files.writeString(temp.resolve("notes.txt"), "Renew the CVR certificate before June\n");
        Run run = run("inspect", notes.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("UNREADABLE", "notes.txt is a text file, neither a PKCS#12 file nor a PEM/DER certificate")
                .doesNotContain("truncated");
        Path binary = Files.write(temp.resolve("picture.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        assertThat(run("inspect", binary.toString()).out()).contains("picture.png is some other kind of file").doesNotContain("truncated");
    }

    @Test
    void usageAndInputErrorsExitTwoWithOneLine() throws Exception {
        assertThat(run("inspect", temp.resolve("missing.p12").toString()).exit()).isEqualTo(2);
        Run badOption = run("convert", "--private-key", "sideways", "--out", temp.toString(), copy(SAMPLE, "s.p12").toString());
        assertThat(badOption.exit()).isEqualTo(2);
        assertThat(badOption.err()).contains("encrypted").doesNotContain("\tat ");
        assertThat(run("inspect", "--no-such-option").exit()).isEqualTo(2);
    }

    @Test
    void convertWritesOwnerOnlyPemFilesThatOpensslReads() throws Exception {
        Path out = temp.resolve("pem");
        Run run = run("convert", "--password-file", passwordFile().toString(), "--out", out.toString(), copy(SAMPLE, "s.p12").toString());
        assertThat(run.exit()).isZero();
        assertThat(out.resolve("certificate.pem")).exists();
        assertThat(Files.readString(out.resolve("private-key.pem"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("private-key.pem")))).isEqualTo("rw-------");
        Process verify = new ProcessBuilder("openssl", "verify", "-CAfile", out.resolve("chain.pem").toString(),
                out.resolve("certificate.pem").toString()).redirectErrorStream(true).start();
        String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor()).as(said).isZero();
        Process pkey = new ProcessBuilder("openssl", "pkey", "-in", out.resolve("private-key.pem").toString(),
                "-passin", "file:" + passwordFile(), "-noout").redirectErrorStream(true).start();
        String pkeySaid = new String(pkey.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pkey.waitFor()).as(pkeySaid).isZero();
    }

    @Test
    void convertRefusesAFileWithErrorsAndWritesNothing() throws Exception {
        Path out = temp.resolve("nothing");
        Path wrong = temp.resolve("wrong.txt");
        Files.writeString(wrong, "not the password\n");
        Run run = run("convert", "--password-file", wrong.toString(), "--out", out.toString(), copy(SAMPLE, "s.p12").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("PASSWORD_INCORRECT", "Nothing written");
        assertThat(out).doesNotExist();
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            var cli = CertflowCommand.commandLine();
            cli.setOut(new java.io.PrintWriter(System.out, true));
            cli.setErr(new java.io.PrintWriter(System.err, true));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path passwordFile() throws IOException {
        Path file = temp.resolve("password.txt");
        if (!Files.exists(file)) {
            Files.write(file, resource(SAMPLE.replace(".p12", ".pass")));
        }
        return file;
    }

    private Path copy(String resource, String name) throws IOException {
        Path file = temp.resolve(name);
        Files.write(file, resource(resource));
        return file;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = InspectConvertCommandTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
