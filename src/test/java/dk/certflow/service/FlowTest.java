package dk.certflow.service;

import static dk.certflow.service.TestBundles.drop;
import static dk.certflow.service.TestBundles.dropSidecar;
import static dk.certflow.service.TestBundles.filesUnder;
import static dk.certflow.service.TestBundles.folderEndingWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.json.Json;
import dk.certflow.pki.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop folder end to end, with the real service (camel-main, YAML routes, H2 file database) and WorkZone upload
 * disabled: every bundle ends in exactly one place with the promised files, and the drop folder is left empty.
 */
class FlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path temp;
    private static RunningService service;
    private static Path drop;
    private static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> LOG =
            new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        LOG.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
        Path data = temp.resolve("data");
        service = RunningService.start(data, RunningService.settings(
                "certflow.trust.ca-file", TestBundles.trustFile(temp).toString(),
                "certflow.oces.environment", "test",
                "certflow.drop.sidecar-wait", "3s",
                "certflow.drop.poll-interval", "200ms",
                "certflow.datafordeler.ip-whitelist", "192.0.2.10, 198.51.100.7/32",
                "certflow.datafordeler.system", "WorkZone CVR"), null);
        drop = service.drop();
    }

    @AfterAll
    static void stop() {
        service.close();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
    }

    @Test
    void theRealMitIdSampleIsAcceptedWithEveryOutput() throws Exception {
        String password = TestBundles.samplePassword();
        byte[] original = TestBundles.sample();
        dropSidecar(drop, "sample.properties", "password=" + password, "environment=test", "profile=CVR");
        drop(drop, "sample.p12", original);

        Path archived = awaitFolder(service.data().resolve("archive"), "/sample");
        assertThat(archived.toString()).matches(".*/archive/\\d{4}/\\d{2}/\\d{2}/sample");
        assertThat(Files.readAllBytes(archived.resolve("sample.p12"))).isEqualTo(original);
        String keptSidecar = Files.readString(archived.resolve("sample.properties"));
        assertThat(keptSidecar).contains("environment=test").doesNotContain(password);

        Path out = service.data().resolve("out/19435075/" + TestBundles.SAMPLE_FINGERPRINT);
        X509Certificate leaf = certificates(out.resolve("certificate.pem")).get(0);
        assertThat(leaf.getSubjectX500Principal().getName()).contains("SP_DEVTEST4_DEMOKLIENT_SF0101_1");
        List<X509Certificate> chain = certificates(out.resolve("chain.pem"));
        assertThat(chain).hasSize(3);
        assertThat(chain.get(0)).isEqualTo(leaf);
        assertThat(chain.get(2).getSubjectX500Principal()).isEqualTo(chain.get(2).getIssuerX500Principal());
        assertThat(out.resolve("private-key.pem")).as("nothing downstream needs it: the key stays inside the PFX").doesNotExist();
        assertThat(Files.readAllBytes(out.resolve("sample.p12"))).as("staged for manual upload").isEqualTo(original);

        JsonNode record = Json.mapper().readTree(out.resolve("onboarding.json").toFile());
        assertThat(record.path("schema").asText()).isEqualTo("certflow.onboarding/1");
        assertThat(record.path("id").asText()).isEqualTo(TestBundles.SAMPLE_FINGERPRINT);
        assertThat(record.at("/organisation/cvr").asText()).isEqualTo("19435075");
        assertThat(record.at("/certificate/sha1Thumbprint").asText()).isEqualTo("EAC6FC97EAABD52B84CF578678ACDFA3EED4C85B");
        assertThat(record.at("/certificate/environment").asText()).isEqualTo("test");
        assertThat(record.at("/certificate/pemFile").asText()).isEqualTo("certificate.pem");
        LocalDate created = LocalDate.ofInstant(java.time.Instant.parse(record.path("createdAt").asText()), ZoneOffset.UTC);
        LocalDate notAfter = LocalDate.ofInstant(leaf.getNotAfter().toInstant(), ZoneOffset.UTC);
        LocalDate expected = notAfter.isBefore(created.plusDays(730)) ? notAfter : created.plusDays(730);
        assertThat(record.at("/datafordeler/authorizationExpiry").asText()).isEqualTo(expected.toString());
        assertThat(record.at("/datafordeler/authentication").asText()).isEqualTo("oauth-certificate");
        assertThat(record.at("/datafordeler/expiryNotifications").asBoolean()).isTrue();
        assertThat(record.at("/datafordeler/system").asText()).isEqualTo("WorkZone CVR");
        assertThat(texts(record.at("/datafordeler/ipWhitelist"))).containsExactly("192.0.2.10/32", "198.51.100.7/32");
        assertThat(texts(record.at("/datafordeler/services"))).containsExactly("HentCVRData");
        assertThat(record.at("/workzone/upload").asText()).isEqualTo("disabled");
        assertThat(record.at("/workzone/profile").asText()).isEqualTo("CVR");
        assertThat(record.path("checklist").size()).isGreaterThanOrEqualTo(7);
        String checklist = Files.readString(out.resolve("onboarding.md"));
        assertThat(checklist).contains("certificate.pem", expected.toString(), "192.0.2.10/32", "HentCVRData",
                "expiry notifications", "Auth profiles");

        assertThat(service.get("/api/certificates").body()).contains(TestBundles.SAMPLE_FINGERPRINT);
        assertThat(service.get("/observe/health").statusCode()).isEqualTo(200);
        assertThat(Files.readString(service.data().resolve("events.jsonl"))).contains("bundle.accepted", TestBundles.SAMPLE_FINGERPRINT);
        awaitDropEmpty();
        assertNoFileHolds(password);
    }

    @Test
    void everyKindOfRefusalEndsInRejectedWithItsReason() throws Exception {
        String password = TestBundles.samplePassword();
        byte[] sample = TestBundles.sample();
        drop(drop, "garbage.p12", "this is not a certificate".getBytes(StandardCharsets.UTF_8));
        dropSidecar(drop, "garbage.properties", "password=whatever-secret-1");
        drop(drop, "empty.pfx", new byte[0]);
        dropSidecar(drop, "empty.properties", "password=whatever-secret-2");
        dropSidecar(drop, "wrongpw.properties", "password=not-the-password-3", "environment=test");
        drop(drop, "wrongpw.p12", sample);
        dropSidecar(drop, "prod.properties", "password=" + password, "environment=production");
        drop(drop, "prod.p12", sample);
        drop(drop, "expired.pem", TestBundles.resource("/oces/leaves/skat-b2b-gateway-tse-test-2023.pem"));
        drop(drop, "nopassword.p12", sample);
        dropSidecar(drop, "orphan.properties", "password=orphan-secret-4");

        assertThat(reasonCodes(awaitFolder(service.data().resolve("rejected"), "-garbage"))).contains("UNREADABLE");
        assertThat(reasonCodes(awaitFolder(service.data().resolve("rejected"), "-empty"))).contains("UNREADABLE");
        assertThat(reasonCodes(awaitFolder(service.data().resolve("rejected"), "-wrongpw"))).contains("PASSWORD_INCORRECT");
        assertThat(reasonCodes(awaitFolder(service.data().resolve("rejected"), "-prod"))).contains("WRONG_ENVIRONMENT");
        assertThat(reasonCodes(awaitFolder(service.data().resolve("rejected"), "-expired"))).contains("EXPIRED");
        assertThat(reasonCodes(awaitFolder(service.data().resolve("rejected"), "-nopassword"))).containsExactly("PASSWORD_MISSING");
        Path orphan = awaitFolder(service.data().resolve("rejected"), "-orphan");
        assertThat(reasonCodes(orphan)).containsExactly("ORPHAN_SIDECAR");
        assertThat(Files.readString(orphan.resolve("orphan.properties"))).doesNotContain("orphan-secret-4");

        Path wrong = folderEndingWith(service.data().resolve("rejected"), "-wrongpw", 1);
        assertThat(Files.readAllBytes(wrong.resolve("wrongpw.p12"))).isEqualTo(sample);
        assertThat(Files.readString(wrong.resolve("reason.txt"))).contains("PASSWORD_INCORRECT");
        assertThat(Files.readString(wrong.resolve("wrongpw.properties"))).contains("environment=test").doesNotContain("not-the-password-3");
        awaitDropEmpty();
        for (String secret : List.of(password, "whatever-secret-1", "whatever-secret-2", "not-the-password-3", "orphan-secret-4")) {
            assertNoFileHolds(secret);
        }
        assertThat(Files.readString(service.data().resolve("events.jsonl"))).contains("bundle.rejected");
    }

    @Test
    void aStrayTextFileAndAMistypedSidecarValueAreToldWhatIsWrongAndWhatToDo() throws Exception {
        drop(drop, "notes.txt", "Renew the CVR certificate before June\n".getBytes(StandardCharsets.UTF_8));
        dropSidecar(drop, "typo.properties", "password=" + TestBundles.samplePassword(), "environment=tset");
        drop(drop, "typo.p12", TestBundles.sample());
        dropSidecar(drop, "production.properties", "password=" + TestBundles.samplePassword(), "environment=production");
        drop(drop, "production.p12", TestBundles.sample());

        String notes = Files.readString(awaitFolder(service.data().resolve("rejected"), "-notes").resolve("reason.txt"));
        assertThat(notes).contains("UNREADABLE", "notes.txt is a text file, neither a PKCS#12 file nor a PEM/DER certificate",
                "other files do not belong in the drop folder").doesNotContain("truncated", "copied completely");
        String typo = Files.readString(awaitFolder(service.data().resolve("rejected"), "-typo").resolve("reason.txt"));
        assertThat(typo).contains("WRONG_ENVIRONMENT", "'tset'", "Unknown value: use production, test or any")
                .doesNotContain("Use a certificate from the right");
        String production = Files.readString(awaitFolder(service.data().resolve("rejected"), "-production").resolve("reason.txt"));
        assertThat(production).as("the remedy names what the dropper can change, not the command's options")
                .contains("WRONG_ENVIRONMENT", "environment= in the sidecar", "certflow.oces.environment")
                .doesNotContain("--environment");
        awaitDropEmpty();
    }

    @Test
    void aSidecarMayArriveAfterItsCertificate() throws Exception {
        IssuedCertificate leaf = TestBundles.leaf("19552101", Duration.ofDays(800));
        drop(drop, "late.p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> Files.exists(drop.resolve("late.p12")));
        dropSidecar(drop, "late.properties", "password=" + TestBundles.PASSWORD);
        Path archived = awaitFolder(service.data().resolve("archive"), "/late");
        assertThat(archived.resolve("late.p12")).exists();
        assertThat(Files.readString(archived.resolve("late.properties"))).doesNotContain(TestBundles.PASSWORD);
        assertThat(service.data().resolve("out/19552101")).isDirectory();
    }

    @Test
    void aFileWrittenInPiecesUnderItsOwnNameIsNeverReadEarly() throws Exception {
        byte[] p12 = TestBundles.pkcs12(TestBundles.leaf("19552101", Duration.ofDays(750)), temp, TestBundles.PASSWORD);
        byte[] pem = TestBundles.resource("/oces/leaves/skat-b2b-gateway-tse-test-2026.pem");
        dropSidecar(drop, "slow.properties", "password=" + TestBundles.PASSWORD);
        try (var p12Out = Files.newOutputStream(drop.resolve("slow.p12"));
             var pemOut = Files.newOutputStream(drop.resolve("slow-pem.pem"))) {
            // pieces 600 ms apart, each pause three times as long as a file must be left alone before it is looked at
            for (int piece = 0; piece < 4; piece++) {
                p12Out.write(p12, piece * p12.length / 4, (piece + 1) * p12.length / 4 - piece * p12.length / 4);
                p12Out.flush();
                pemOut.write(pem, piece * pem.length / 4, (piece + 1) * pem.length / 4 - piece * pem.length / 4);
                pemOut.flush();
                if (piece < 3) {
                    Thread.sleep(600);
                    assertThat(drop.resolve("slow.p12")).as("still in the drop folder while being written").exists();
                    assertThat(drop.resolve("slow-pem.pem")).as("still in the drop folder while being written").exists();
                }
            }
        }
        assertThat(awaitFolder(service.data().resolve("archive"), "/slow").resolve("slow.p12")).hasBinaryContent(p12);
        assertThat(awaitFolder(service.data().resolve("archive"), "/slow-pem").resolve("slow-pem.pem")).hasBinaryContent(pem);
        assertThat(TestBundles.exists(service.data().resolve("rejected"), "-slow", 1)).isFalse();
    }

    @Test
    void theSameCertificateDroppedAgainIsArchivedAsADuplicate() throws Exception {
        IssuedCertificate leaf = TestBundles.leaf("34051178", Duration.ofDays(700));
        byte[] p12 = TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD);
        dropSidecar(drop, "first.properties", "password=" + TestBundles.PASSWORD);
        drop(drop, "first.p12", p12);
        awaitFolder(service.data().resolve("archive"), "/first");
        dropSidecar(drop, "again.properties", "password=" + TestBundles.PASSWORD);
        drop(drop, "again.p12", p12);
        awaitFolder(service.data().resolve("archive"), "/again");

        String fingerprint = fingerprint(leaf);
        JsonNode inventory = Json.mapper().readTree(service.get("/api/certificates").body());
        long records = 0;
        for (JsonNode c : inventory) {
            records += c.path("fingerprint").asText().equals(fingerprint) ? 1 : 0;
        }
        assertThat(records).isEqualTo(1);
        assertThat(Files.readString(service.data().resolve("events.jsonl"))).contains("bundle.duplicate");
    }

    @Test
    void aRenewalForTheSameCvrAndProfileSupersedesTheOldCertificate() throws Exception {
        IssuedCertificate old = TestBundles.leaf("19435075", Duration.ofDays(300));
        IssuedCertificate renewal = TestBundles.leaf("19435075", Duration.ofDays(1000));
        dropSidecar(drop, "old.properties", "password=" + TestBundles.PASSWORD, "profile=RENEWAL");
        drop(drop, "old.p12", TestBundles.pkcs12(old, temp, TestBundles.PASSWORD));
        awaitFolder(service.data().resolve("archive"), "/old");
        dropSidecar(drop, "new.properties", "password=" + TestBundles.PASSWORD, "profile=RENEWAL");
        drop(drop, "new.p12", TestBundles.pkcs12(renewal, temp, TestBundles.PASSWORD));
        awaitFolder(service.data().resolve("archive"), "/new");

        JsonNode inventory = Json.mapper().readTree(service.get("/api/certificates").body());
        JsonNode oldView = find(inventory, fingerprint(old));
        assertThat(oldView.path("superseded").asBoolean()).isTrue();
        assertThat(oldView.path("supersededBy").asText()).isEqualTo(fingerprint(renewal));
        assertThat(find(inventory, fingerprint(renewal)).path("superseded").asBoolean()).isFalse();
        assertThat(Files.readString(service.data().resolve("events.jsonl"))).contains("replaces " + fingerprint(old).substring(0, 16));

        // the deadline series follow on their own within a second or so: the renewal's appears, the superseded one's goes
        String renewalSeries = "fingerprint=\"" + fingerprint(renewal) + "\"";
        String oldSeries = "fingerprint=\"" + fingerprint(old) + "\"";
        await().atMost(PATIENCE).until(() -> service.get("/observe/metrics").body(),
                metrics -> metrics.contains("certflow_certificate_not_after_timestamp_seconds{cvr=\"19435075\"," + renewalSeries)
                        && !metrics.contains(oldSeries));
    }

    @Test
    void aSymbolicLinkIsRefusedWithoutBeingFollowed() throws Exception {
        Path target = temp.resolve("outside.p12");
        Files.write(target, TestBundles.sample());
        Files.createSymbolicLink(drop.resolve("link.p12"), target);
        Path rejected = awaitFolder(service.data().resolve("rejected"), "-link");
        assertThat(reasonCodes(rejected)).containsExactly("UNREADABLE");
        assertThat(Files.isSymbolicLink(rejected.resolve("link.p12"))).isTrue();
        assertThat(target).exists();
    }

    @Test
    void everyBundleLeavesOneInfoLineWithItsOutcomeAndFingerprint() throws Exception {
        drop(drop, "logged.pem", TestBundles.resource("/oces/leaves/nemlogin-idp-test-2028.pem"));
        awaitFolder(service.data().resolve("archive"), "/logged");
        // the outcome line follows the archiving: wait for it rather than race it
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(logged()).filteredOn(e -> e.getLoggerName().equals("certflow.bundles")
                && e.getFormattedMessage().contains("logged.pem")).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("accepted logged.pem fingerprint=")
                        .matches(".*fingerprint=[0-9A-F]{64}.*")));
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(Files.readString(service.data().resolve("events.jsonl"))).contains("34051178"));
    }

    @Test
    void hiddenAndPartialFilesAreLeftAlone() throws Exception {
        Path hidden = Files.writeString(drop.resolve(".editor-swap"), "x");
        Path partial = Files.writeString(drop.resolve("upload.p12.part"), "x");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> Files.exists(hidden) && Files.exists(partial));
        Files.delete(hidden);
        Files.delete(partial);
    }

    // --- helpers

    /** A copy of the captured log; the appender appends under its own lock (AppenderBase.doAppend is synchronized). */
    private static List<ch.qos.logback.classic.spi.ILoggingEvent> logged() {
        synchronized (LOG) {
            return List.copyOf(LOG.list);
        }
    }

    private Path awaitFolder(Path root, String suffix) {
        String tail = suffix.startsWith("/") ? suffix.substring(1) : suffix;
        int depth = suffix.startsWith("/") ? 4 : 1;
        await().atMost(PATIENCE).until(() -> Files.isDirectory(root) && TestBundles.exists(root, tail, depth)
                && !exactName(root, tail, depth, suffix.startsWith("/")).isEmpty());
        List<Path> found = exactName(root, tail, depth, suffix.startsWith("/"));
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<Path> exactName(Path root, String tail, int depth, boolean exact) {
        try (var walk = Files.walk(root, depth)) {
            return walk.filter(Files::isDirectory)
                    .filter(p -> exact ? p.getFileName().toString().equals(tail) : p.getFileName().toString().endsWith(tail))
                    .toList();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return List.of(); // a staging folder vanished while walking: look again
        }
    }

    private void awaitDropEmpty() {
        await().atMost(PATIENCE).until(() -> {
            try (var files = Files.list(drop)) {
                return files.findAny().isEmpty();
            }
        });
    }

    private void assertNoFileHolds(String secret) throws Exception {
        assertThat(LOG.list).as("log lines").noneMatch(e -> e.getFormattedMessage().contains(secret)
                || (e.getThrowableProxy() != null && String.valueOf(e.getThrowableProxy().getMessage()).contains(secret)));
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        for (Path file : filesUnder(service.data())) {
            byte[] content = Files.readAllBytes(file);
            assertThat(indexOf(content, needle)).as("%s must not hold a password", file).isEqualTo(-1);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static List<String> reasonCodes(Path rejected) throws Exception {
        JsonNode reason = Json.mapper().readTree(rejected.resolve("reason.json").toFile());
        List<String> codes = new ArrayList<>();
        reason.path("findings").forEach(f -> {
            if (f.path("severity").asText().equals("ERROR")) {
                codes.add(f.path("code").asText());
            }
        });
        return codes;
    }

    private static List<X509Certificate> certificates(Path pem) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        return factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem))).stream()
                .map(X509Certificate.class::cast).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    static String fingerprint(IssuedCertificate leaf) throws Exception {
        return java.util.HexFormat.of().withUpperCase().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(leaf.certificate().getEncoded()));
    }

    private static JsonNode find(JsonNode inventory, String fingerprint) {
        for (JsonNode c : inventory) {
            if (c.path("fingerprint").asText().equals(fingerprint)) {
                return c;
            }
        }
        throw new AssertionError("no certificate " + fingerprint + " in " + inventory);
    }
}
