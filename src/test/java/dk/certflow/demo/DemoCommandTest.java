package dk.certflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.cli.CertflowCommand;
import dk.certflow.json.Json;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void demoOnceUploadsAndRecordsTheSampleBundleAndShowsWhereToLook(@TempDir Path temp) throws Exception {
        Path dir = temp.resolve("tour");

        int exit = execute("demo", "--once", "--dir", dir.toString());

        assertThat(exit).as("output:%n%s%nerrors:%n%s", out, err).isZero();
        Path outFolder = onlyChild(dir.resolve("data/out/" + DemoBundle.CVR));
        for (String file : List.of("certificate.pem", "chain.pem", "onboarding.json", "onboarding.md")) {
            assertThat(outFolder.resolve(file)).as(file).isRegularFile();
        }
        assertThat(outFolder.resolve("private-key.pem")).as("the key stays inside the PFX by default").doesNotExist();
        String fingerprint = sha256(outFolder.resolve("certificate.pem"));
        assertThat(outFolder.getFileName().toString()).isEqualTo(fingerprint);

        List<String> uploads = Files.readAllLines(dir.resolve("stand-ins/" + StandIns.UPLOADS_FILE));
        assertThat(uploads).hasSize(1);
        JsonNode upload = Json.mapper().readTree(uploads.get(0));
        assertThat(upload.path("idempotencyKey").asText()).isEqualTo(fingerprint + "-CVR");
        assertThat(upload.path("bearerToken").asBoolean()).isTrue();
        assertThat(upload.path("parts").findValuesAsText("fileName")).contains("DEMO-ONLY-organisation.p12");
        List<String> records = Files.readAllLines(dir.resolve("stand-ins/" + StandIns.RECORDS_FILE));
        assertThat(records).hasSize(1);
        assertThat(Json.mapper().readTree(records.get(0)).path("sha256Fingerprint").asText()).isEqualTo(fingerprint);

        String printed = out.toString();
        assertThat(printed).contains(outFolder.resolve("onboarding.md").toString(),
                "Datafordeler onboarding: CVR " + DemoBundle.CVR, fingerprint + "-CVR",
                "/api/certificates", "/observe/health", dir.resolve("data/events.jsonl").toString(),
                "OCSP stand-in: answered 'good'", "whether it was revoked: good", "run 'certflow demo' without it");
        assertThat(printed).as("--once stops the service before it exits: no URL of it is shown").doesNotContain("http://127.0.0.1");
        String password = sidecarPassword(dir.resolve("sample/DEMO-ONLY-organisation.properties"));
        assertThat(password).hasSizeGreaterThan(16);
        assertThat(printed + err).doesNotContain(password);
        for (Path file : filesUnder(dir.resolve("stand-ins"))) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain(password);
        }
    }

    @Test
    void aDirectoryHoldingSomethingElseIsRefusedUntouched(@TempDir Path temp) throws Exception {
        Path mine = Files.writeString(temp.resolve("certflow.properties"), "certflow.data-dir=/srv/certflow\n");

        int exit = execute("demo", "--once", "--dir", temp.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("not empty");
        try (Stream<Path> entries = Files.list(temp)) {
            assertThat(entries).containsExactly(mine);
        }
    }

    private int execute(String... args) {
        CommandLine cli = CertflowCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Path onlyChild(Path dir) throws Exception {
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> all = children.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static String sha256(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        }
    }

    private static String sidecarPassword(Path sidecar) throws Exception {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(sidecar, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties.getProperty("password");
    }

    private static List<Path> filesUnder(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
