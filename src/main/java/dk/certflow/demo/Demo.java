package dk.certflow.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.config.ConfigLoader;
import dk.certflow.files.AtomicFiles;
import dk.certflow.json.Json;
import dk.certflow.service.CertflowService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The one-command tour: throw-away test material, loopback stand-ins for WorkZone, its token endpoint and the records
 * receiver, and the real service in a scratch directory, configured for nothing but this run. It drops the sample
 * bundle, waits until it is uploaded and recorded, and shows what happened and where to look.
 */
public final class Demo {

    /**
     * @param dir     scratch directory, or null for a new temporary one
     * @param port    management port, or 0 for a free one
     * @param once    stop once the bundle is delivered, instead of running until Ctrl-C
     * @param timeout how long the bundle may take to be uploaded and recorded
     */
    public record Options(Path dir, String listen, int port, boolean once, Duration timeout) {
    }

    /** Marks a scratch directory as the demo's, so a later run may reuse it and no other directory is written to. */
    static final String MARKER = "DEMO-ONLY-README.txt";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrintWriter out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Demo(PrintWriter out) {
        this.out = out;
    }

    /** @return 0 when the bundle was uploaded and recorded in time, 1 when not (and why is printed) */
    public int run(Options options) throws Exception {
        long started = System.nanoTime();
        Path dir = scratch(options.dir());
        out.println("certflow demo: throw-away test material and a real certflow service in " + dir);
        DemoBundle bundle = DemoBundle.create(dir.resolve("sample"));
        out.printf("made a test PKI of the demo's own and a sample bundle for the made-up \"%s\" (CVR %s), %.1f s%n",
                DemoBundle.ORGANISATION, bundle.cvr(), seconds(started));

        StandIns standIns = StandIns.start(dir.resolve("stand-ins"), out::println);
        standIns.answerOcspFor(bundle.issuing());
        CertflowService.Handle service = null;
        try {
            int port = options.port() != 0 ? options.port() : freePort();
            service = CertflowService.start(configuration(dir, bundle, standIns, options.listen(), port));
            URI base = URI.create("http://127.0.0.1:" + port);
            out.printf("certflow runs on %s (data in %s), %.1f s; dropping the sample bundle%n",
                    options.once() ? "port " + port + " until the tour ends" : base.toString(), dir.resolve("data"), seconds(started));
            Path drop = dir.resolve("data/drop");
            dropCopy(bundle.sidecar(), drop);
            dropCopy(bundle.pkcs12(), drop);

            String failure = awaitDelivered(bundle, standIns, base, dir.resolve("data/rejected"), options.timeout());
            if (failure != null) {
                out.println("certflow demo FAILED: " + failure);
                out.println("look at the log above and at " + dir);
                return 1;
            }
            report(dir, bundle, standIns, base, started, !options.once());
            if (options.once()) {
                return 0;
            }
            runUntilStopped(service, standIns, dir);
            return 0;
        } finally {
            if (service != null) {
                service.stop();
            }
            standIns.close();
        }
    }

    /** The demo's own directory: a new temporary one, or the given one when it is empty or a former demo's. */
    static Path scratch(Path given) throws IOException {
        Path dir = given == null ? Files.createTempDirectory("certflow-demo-") : given.toAbsolutePath().normalize();
        if (given != null && Files.isDirectory(dir) && !Files.exists(dir.resolve(MARKER))) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--dir " + dir + " is not empty and not a former demo's directory: "
                            + "give an empty or new directory (the demo never writes into real data)");
                }
            }
        }
        AtomicFiles.createOwnerOnlyDirectories(dir);
        AtomicFiles.writeString(dir.resolve(MARKER), """
                Made by 'certflow demo'. Everything here is throw-away test material: the CA in sample/DEMO-ONLY-ca.pem
                is trusted only by the demo's own run, and the certificate belongs to no real organisation.
                Delete this directory when done.
                """);
        return dir;
    }

    /**
     * The demo's whole configuration: the built-in defaults plus the demo's settings. Neither ./certflow.properties,
     * CERTFLOW_CONFIG nor CERTFLOW_* variables apply, so the user's own configuration and data are never touched.
     */
    static Map<String, String> configuration(Path dir, DemoBundle bundle, StandIns standIns, String listen, int port) {
        Properties demo = new Properties();
        demo.setProperty("certflow.data-dir", dir.resolve("data").toString());
        demo.setProperty("certflow.trust.ca-file", bundle.caFile().toString());
        demo.setProperty("certflow.oces.environment", "test");
        demo.setProperty("certflow.drop.poll-interval", "200ms");
        demo.setProperty("certflow.workzone.base-url", standIns.workzoneBaseUrl().toString());
        demo.setProperty("certflow.workzone.oauth.token-url", standIns.tokenUrl().toString());
        demo.setProperty("certflow.workzone.oauth.client-id", "certflow-demo");
        demo.setProperty("certflow.workzone.oauth.client-secret", HexFormat.of().formatHex(randomBytes()));
        demo.setProperty("certflow.datafordeler.records-url", standIns.recordsUrl().toString());
        demo.setProperty("certflow.datafordeler.system", "certflow-demo");
        // the demo certificate names the real test responder; the stand-in answers for the demo PKI instead
        demo.setProperty("certflow.revocation.ocsp-url", standIns.ocspUrl().toString());
        demo.setProperty("certflow.management.host", listen);
        demo.setProperty("certflow.management.port", Integer.toString(port));
        return new ConfigLoader(Map.of(), demo, dir).load(null);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Copies a file into the drop folder the careful way: written under a .part name, which certflow ignores, then renamed. */
    static void dropCopy(Path file, Path dropDir) throws IOException {
        Path part = dropDir.resolve(file.getFileName() + ".part");
        Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, dropDir.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Null once the inventory shows the certificate uploaded with its revocation status and the records stand-in got its
     * record; otherwise why not.
     */
    private String awaitDelivered(DemoBundle bundle, StandIns standIns, URI base, Path rejected, Duration timeout)
            throws IOException, InterruptedException {
        String fingerprint = bundle.sha256Fingerprint();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<JsonNode> entry = inventoryEntry(base, fingerprint);
            String upload = entry.map(c -> c.path("upload").asText()).orElse("(not in the inventory yet)");
            boolean revocationKnown = entry.map(c -> c.at("/revocation/status").isTextual()).orElse(false);
            boolean recorded = standIns.records().stream().anyMatch(r -> fingerprint.equals(r.sha256Fingerprint()));
            if ("uploaded".equals(upload) && recorded && revocationKnown) {
                return null;
            }
            if ("failed".equals(upload)) {
                return "the WorkZone upload failed for good; see the log above and " + base + "/api/certificates";
            }
            Optional<Path> refused = folderEndingWith(rejected, DemoBundle.NAME, 1);
            if (refused.isPresent()) {
                return "certflow refused the sample bundle: "
                        + Files.readString(refused.get().resolve("reason.txt"), StandardCharsets.UTF_8).strip();
            }
            if (System.nanoTime() - deadline > 0) {
                return "not uploaded and recorded within " + timeout.toSeconds() + " s (upload: " + upload
                        + ", record received: " + (recorded ? "yes" : "no") + ")";
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private Optional<JsonNode> inventoryEntry(URI base, String fingerprint) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/certificates"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            for (JsonNode certificate : Json.mapper().readTree(response.body())) {
                if (fingerprint.equals(certificate.path("fingerprint").asText())) {
                    return Optional.of(certificate);
                }
            }
        } catch (IOException e) {
            // the management port may not answer yet: ask again on the next round
        }
        return Optional.empty();
    }

    /** @param keepsRunning whether the service stays up after the report: only then are its URLs worth showing */
    private void report(Path dir, DemoBundle bundle, StandIns standIns, URI base, long started, boolean keepsRunning)
            throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        Path outDir = data.resolve("out").resolve(bundle.cvr()).resolve(bundle.sha256Fingerprint());
        Path archived = folderEndingWith(data.resolve("archive"), DemoBundle.NAME, 4).orElse(data.resolve("archive"));
        StandIns.Upload upload = standIns.uploads().stream()
                .filter(u -> u.idempotencyKey() != null && u.idempotencyKey().startsWith(bundle.sha256Fingerprint()))
                .reduce((first, second) -> second).orElseThrow();
        out.println();
        out.printf("certflow demo: the sample bundle was judged, converted, uploaded and recorded in %.1f s%n", seconds(started));
        out.println();
        out.println("What happened");
        out.println("  1. certflow picked up " + DemoBundle.NAME + ".p12 and its sidecar from " + data.resolve("drop"));
        out.println("  2. judged it an OCES3 organisation certificate of the (demo) test PKI, CVR " + bundle.cvr()
                + ", SHA-256 " + bundle.sha256Fingerprint());
        String revocation = inventoryEntry(base, bundle.sha256Fingerprint()).map(c -> c.at("/revocation/status").asText("not checked"))
                .orElse("not checked");
        out.println("  3. asked the OCSP stand-in (certflow.revocation.ocsp-url) whether it was revoked: " + revocation);
        out.println("  4. wrote PEM files and the Datafordeler onboarding record, archived the original");
        out.println("  5. got a token and uploaded the PKCS#12 to the WorkZone stand-in:");
        out.println("       POST " + upload.path() + ", parts " + upload.parts().stream().map(StandIns.Part::name).toList()
                + ", Idempotency-Key " + upload.idempotencyKey() + ", Bearer token " + (upload.bearerToken() ? "yes" : "no"));
        out.println("  6. sent the onboarding record (certflow.onboarding/1) to the records stand-in");
        out.println();
        out.println("Where to look");
        row("sample bundle", bundle.pkcs12() + "  (its password is in the sidecar " + bundle.sidecar().getFileName() + " next to it)");
        row("demo CA", bundle.caFile() + "  (trusted by this demo run only)");
        row("archive", archived.toString());
        row("out folder", outDir.toString());
        for (String file : List.of("certificate.pem", "chain.pem", "onboarding.json", "onboarding.md")) {
            row("", "  " + file + (Files.exists(outDir.resolve(file)) ? "" : "  (missing)"));
        }
        row("recorded upload", standIns.logDir().resolve(StandIns.UPLOADS_FILE).toString());
        row("recorded record", standIns.logDir().resolve(StandIns.RECORDS_FILE).toString());
        row("events", data.resolve("events.jsonl").toString());
        if (keepsRunning) {
            row("inventory", base.resolve("/api/certificates").toString());
            row("health", base.resolve("/observe/health").toString());
            row("metrics", base.resolve("/observe/metrics").toString());
        } else {
            row("management", "/api/certificates, /observe/health and /observe/metrics stop with --once; "
                    + "run 'certflow demo' without it to browse them");
        }
        Path checklist = outDir.resolve("onboarding.md");
        if (Files.exists(checklist)) {
            out.println();
            out.println("The onboarding checklist (" + checklist + "):");
            out.println();
            Files.readAllLines(checklist, StandardCharsets.UTF_8).forEach(line -> out.println("  " + line));
        }
        out.println();
    }

    private void row(String label, String value) {
        out.printf("  %-16s %s%n", label, value);
    }

    private void runUntilStopped(CertflowService.Handle service, StandIns standIns, Path dir) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.stop();
            standIns.close();
            out.println("certflow demo stopped; " + dir + " stays for you to look at (delete it when done)");
        }, "certflow-demo-stop"));
        out.println("certflow keeps running: drop more files into " + dir.resolve("data/drop")
                + " and browse the URLs above. Press Ctrl-C to stop.");
        never.await();
    }

    private static Optional<Path> folderEndingWith(Path root, String suffix, int depth) throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> walk = Files.walk(root, depth)) {
            return walk.filter(Files::isDirectory).filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
