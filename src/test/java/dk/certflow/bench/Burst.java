package dk.certflow.bench;

import dk.certflow.demo.StandIns;
import dk.certflow.pem.PemWriter;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.pki.SharedPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The whole-process benchmark of the service against the shell pipeline an operator would write instead, on the same
 * bundles, in one run. Run it with {@code bench/burst.sh}; it prints one table with the ratios.
 *
 * <ol>
 *   <li>N distinct bundles made by {@code openssl pkcs12 -export} with OpenSSL 3's defaults (AES-256, PBKDF2 2048,
 *   SHA-256 MAC) from one throw-away test PKI, with their sidecars;</li>
 *   <li>loopback stand-ins for the OAuth token endpoint, WorkZone and the records receiver, in this process and so on the
 *   same cores, warmed up by one run of the shell pipeline that is not measured (cold, they cost twice the CPU);</li>
 *   <li>{@code java -jar target/certflow.jar run} on its defaults plus the addresses: time to healthy, resident memory
 *   when idle; then the burst (all sidecars first, then every certificate renamed into the drop folder) until the
 *   last upload arrived, and the latency of single bundles renamed in one at a time;</li>
 *   <li>the shell pipeline on copies of the same bundles, two at a time: per bundle three {@code openssl pkcs12}
 *   (certificate, chain, key), {@code openssl verify}, {@code openssl x509} for the facts, a {@code curl} multipart
 *   upload and a {@code curl} POST of a record.</li>
 * </ol>
 */
public final class Burst {

    private static final String PASSWORD = "Bench-Kodeord-2048";

    private final Path dir;
    private final int bundles;
    private final int latencyRuns;
    private final int warmBursts;
    private final Path jar;
    private final HttpClient http = HttpClient.newHttpClient();

    private Burst(Path dir, int bundles, int latencyRuns, int warmBursts, Path jar) {
        this.dir = dir;
        this.warmBursts = warmBursts;
        this.bundles = bundles;
        this.latencyRuns = latencyRuns;
        this.jar = jar;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path dir = Files.createTempDirectory("certflow-bench");
        Burst burst = new Burst(dir, Integer.parseInt(options.getOrDefault("bundles", "300")),
                Integer.parseInt(options.getOrDefault("latency-runs", "15")),
                warmBursts(options.getOrDefault("warm", "0")),
                Path.of(options.getOrDefault("jar", "target/certflow.jar")).toAbsolutePath());
        burst.run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                cpuModel(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "making %d bundles with openssl in %s ...%n", bundles * (1 + warmBursts) + latencyRuns, dir);
        Path bundleDir = Files.createDirectories(dir.resolve("bundles"));
        Path ca = makeBundles(bundleDir, bundles * (1 + warmBursts) + latencyRuns);

        try (StandIns standIns = StandIns.start(dir.resolve("stand-ins"), line -> { })) {
            // The stand-ins share the cores with what is measured, and cold they cost twice the CPU per upload: one run of
            // the pipeline, not measured, warms them up, so that the service's burst and the measured pipeline both meet them warm.
            System.out.printf(Locale.ROOT, "warming up the stand-ins with the shell pipeline ...%n");
            shellPipeline(bundleDir, ca, standIns, "shell-warm-up");
            Map<String, String> env = environment(standIns, ca);
            Instant started = Instant.now();
            ProcessBuilder builder = new ProcessBuilder(javaCommand())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile()).directory(dir.toFile());
            builder.environment().keySet().removeIf(variable -> variable.startsWith("CERTFLOW_"));
            builder.environment().putAll(env);
            Process service = builder.start();
            try {
                await(Duration.ofSeconds(60), () -> health(env) == 200);
                Duration startTime = Duration.between(started, Instant.now());
                Thread.sleep(5_000); // idle, as after a start on an ops server
                long idleRss = rssKb(service.pid(), "VmRSS");

                Path drop = dir.resolve("data/drop");
                long cpuBefore = cpuMillis(service.pid());
                long standInCpuBefore = cpuMillis(ProcessHandle.current().pid());
                Duration burstTime = burst(bundleDir, drop, standIns, 0, bundles);
                long burstCpu = cpuMillis(service.pid()) - cpuBefore;
                long burstStandInCpu = cpuMillis(ProcessHandle.current().pid()) - standInCpuBefore;
                List<Duration> warmTimes = new ArrayList<>();
                List<Long> warmCpu = new ArrayList<>();
                for (int w = 1; w <= warmBursts; w++) {
                    long before = cpuMillis(service.pid());
                    warmTimes.add(burst(bundleDir, drop, standIns, w * bundles, bundles));
                    warmCpu.add(cpuMillis(service.pid()) - before);
                }
                long peakRss = rssKb(service.pid(), "VmHWM");

                List<Duration> latencies = new ArrayList<>();
                int firstLatency = bundles * (1 + warmBursts);
                for (int i = firstLatency; i < firstLatency + latencyRuns; i++) {
                    Path part = Files.copy(bundleDir.resolve("b" + i + ".p12"), drop.resolve(".b" + i + ".p12.part"));
                    Thread.sleep(1_000); // one bundle at a time, the service idle in between
                    Files.copy(bundleDir.resolve("b" + i + ".properties"), drop.resolve("b" + i + ".properties"));
                    int before = standIns.uploads().size();
                    Instant renamed = Instant.now();
                    Files.move(part, drop.resolve("b" + i + ".p12"), StandardCopyOption.ATOMIC_MOVE);
                    await(Duration.ofSeconds(60), () -> standIns.uploads().size() > before);
                    latencies.add(Duration.between(renamed, standIns.uploads().get(before).at()));
                }
                latencies.sort(Comparator.naturalOrder());

                long shellStandInCpuBefore = cpuMillis(ProcessHandle.current().pid());
                Duration shell = shellPipeline(bundleDir, ca, standIns, "shell");
                long shellStandInCpu = cpuMillis(ProcessHandle.current().pid()) - shellStandInCpuBefore;

                double rate = bundles / seconds(burstTime);
                double shellRate = bundles / seconds(shell);
                System.out.println();
                System.out.printf(Locale.ROOT, "| figure | certflow | shell pipeline | ratio |%n|---|---|---|---|%n");
                System.out.printf(Locale.ROOT, "| %d-bundle burst, drop to last upload | %.1f s (%.1f bundles/s; %d ms of CPU per bundle) | %.1f s (%.1f bundles/s) | %.1fx |%n",
                        bundles, seconds(burstTime), rate, burstCpu / bundles, seconds(shell), shellRate, rate / shellRate);
                for (int w = 0; w < warmTimes.size(); w++) {
                    System.out.printf(Locale.ROOT, "| the same burst again (%s), the service warmed up | %.1f s (%.1f bundles/s; %d ms of CPU per bundle) | | %.1fx |%n",
                            ordinal(w + 2), seconds(warmTimes.get(w)), bundles / seconds(warmTimes.get(w)), warmCpu.get(w) / bundles,
                            bundles / seconds(warmTimes.get(w)) / shellRate);
                }
                System.out.printf(Locale.ROOT, "| one bundle renamed in to upload received (median of %d) | %.2f s (min %.2f s, max %.2f s) | | |%n",
                        latencyRuns, seconds(latencies.get(latencies.size() / 2)), seconds(latencies.get(0)),
                        seconds(latencies.get(latencies.size() - 1)));
                System.out.printf(Locale.ROOT, "| CPU of the stand-ins per bundle (in this process, on the same cores) | %d ms | %d ms | |%n",
                        burstStandInCpu / bundles, shellStandInCpu / bundles);
                System.out.printf(Locale.ROOT, "| java -jar to /observe/health 200 | %.2f s | | |%n", seconds(startTime));
                System.out.printf(Locale.ROOT, "| resident memory idle after start / peak | %d MB / %d MB | | |%n",
                        idleRss / 1024, peakRss / 1024);
            } finally {
                service.destroy();
                service.waitFor();
            }
        }
    }

    /** Sidecars first, then every certificate renamed into the drop folder; the time from the first rename to the last upload. */
    private static Duration burst(Path bundleDir, Path drop, StandIns standIns, int first, int count) throws Exception {
        int uploadsBefore = standIns.uploads().size();
        for (int i = first; i < first + count; i++) {
            Files.copy(bundleDir.resolve("b" + i + ".properties"), drop.resolve("b" + i + ".properties"));
        }
        List<Path> staged = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            staged.add(Files.copy(bundleDir.resolve("b" + i + ".p12"), drop.resolve(".b" + i + ".p12.part")));
        }
        Instant burstStart = Instant.now();
        for (int i = 0; i < count; i++) {
            Files.move(staged.get(i), drop.resolve("b" + (first + i) + ".p12"), StandardCopyOption.ATOMIC_MOVE);
        }
        await(Duration.ofMinutes(10), () -> standIns.uploads().size() >= uploadsBefore + count);
        Instant lastUpload = standIns.uploads().stream().map(StandIns.Upload::at).max(Comparator.naturalOrder()).orElseThrow();
        // the window in epoch milliseconds, to cut a profile recorded over the whole run down to one burst
        System.out.printf(Locale.ROOT, "burst of bundles %d-%d: %d to %d%n", first, first + count - 1, burstStart.toEpochMilli(), lastUpload.toEpochMilli());
        return Duration.between(burstStart, lastUpload);
    }

    /** --warm 2 runs the burst twice more on the warmed-up service; --warm true is --warm 1. */
    private static int warmBursts(String value) {
        return switch (value) {
            case "true" -> 1;
            case "false" -> 0;
            default -> Integer.parseInt(value);
        };
    }

    private static String ordinal(int n) {
        return n + (n == 2 ? "nd" : n == 3 ? "rd" : "th");
    }

    private List<String> javaCommand() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String jvmOptions = System.getenv("BENCH_JAVA_OPTIONS");
        if (jvmOptions != null && !jvmOptions.isBlank()) {
            command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "run"));
        return command;
    }

    /** The service's settings: its defaults, plus where things are. Passed as environment variables, as an operator would. */
    private Map<String, String> environment(StandIns standIns, Path ca) {
        Map<String, String> env = new HashMap<>();
        env.put("CERTFLOW_DATA_DIR", dir.resolve("data").toString());
        env.put("CERTFLOW_TRUST_CA_FILE", ca.toString());
        env.put("CERTFLOW_OCES_ENVIRONMENT", "test");
        env.put("CERTFLOW_MANAGEMENT_PORT", "19876");
        env.put("CERTFLOW_WORKZONE_BASE_URL", standIns.workzoneBaseUrl().toString());
        env.put("CERTFLOW_WORKZONE_OAUTH_TOKEN_URL", standIns.tokenUrl().toString());
        env.put("CERTFLOW_WORKZONE_OAUTH_CLIENT_ID", "bench");
        env.put("CERTFLOW_WORKZONE_OAUTH_CLIENT_SECRET", "bench-client-secret");
        env.put("CERTFLOW_DATAFORDELER_RECORDS_URL", standIns.recordsUrl().toString());
        // BENCH_CERTFLOW_DROP_CONCURRENCY=16 sets CERTFLOW_DROP_CONCURRENCY for the service: to compare settings
        System.getenv().forEach((variable, value) -> {
            if (variable.startsWith("BENCH_CERTFLOW_")) {
                env.put(variable.substring("BENCH_".length()), value);
            }
        });
        return env;
    }

    private Path makeBundles(Path bundleDir, int count) throws Exception {
        Files.writeString(bundleDir.resolve("pass"), PASSWORD);
        IssuedCertificate first = null;
        Instant now = Instant.now();
        StringBuilder commands = new StringBuilder("set -e\n");
        for (int i = 0; i < count; i++) {
            IssuedCertificate leaf = SharedPki.test().leaf().cvr("19552101").keyPair(SharedPki.leafKey())
                    .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(300 + i))).issue();
            if (first == null) {
                first = leaf;
                Files.writeString(bundleDir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(leaf.privateKey().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
                Files.writeString(bundleDir.resolve("chain.pem"),
                        leaf.issuers().stream().map(c -> PemWriter.toPem(c)).collect(Collectors.joining()));
            }
            Files.writeString(bundleDir.resolve("b" + i + ".crt"), PemWriter.toPem(leaf.certificate()));
            Files.writeString(bundleDir.resolve("b" + i + ".properties"), "password=" + PASSWORD + "\nprofile=P" + i + "\n");
            commands.append("openssl pkcs12 -export -inkey key.pem -in b").append(i).append(".crt -certfile chain.pem -out b")
                    .append(i).append(".p12 -passout file:pass\n");
        }
        sh(bundleDir, commands.toString());
        Path ca = bundleDir.resolve("ca.pem");
        Files.writeString(ca, first.issuers().stream().map(c -> PemWriter.toPem(c)).collect(Collectors.joining()));
        return ca;
    }

    /** The same work as a shell script, two bundles at a time; returns the wall time. */
    private Duration shellPipeline(Path bundleDir, Path ca, StandIns standIns, String workName) throws Exception {
        Path work = Files.createDirectories(dir.resolve(workName));
        Files.copy(bundleDir.resolve("pass"), work.resolve("pass"));
        Files.copy(ca, work.resolve("ca.pem"));
        for (int i = 0; i < bundles; i++) {
            Files.copy(bundleDir.resolve("b" + i + ".p12"), work.resolve("s" + i + ".p12"));
        }
        String perBundle = String.join("\n",
                "set -e",
                "n=$1",
                "openssl pkcs12 -in s$n.p12 -passin file:pass -nokeys -clcerts -out s$n.crt",
                "openssl pkcs12 -in s$n.p12 -passin file:pass -nokeys -cacerts -out s$n.chain",
                "openssl pkcs12 -in s$n.p12 -passin file:pass -nocerts -nodes -out s$n.key",
                "openssl verify -CAfile ca.pem -untrusted s$n.chain s$n.crt >/dev/null",
                "facts=$(openssl x509 -in s$n.crt -noout -subject -enddate -fingerprint -sha256)",
                "notafter=$(printf '%s\\n' \"$facts\" | sed -n 's/^notAfter=//p')",
                "fp=$(printf '%s\\n' \"$facts\" | sed -n 's/^.*Fingerprint=//p' | tr -d :)",
                "curl -sf -o /dev/null -H \"Authorization: Bearer $TOKEN\" -H \"Idempotency-Key: $fp-S$n\""
                        + " -F \"certificate=@s$n.p12;type=application/x-pkcs12\" -F 'password=<pass' -F profile=S$n"
                        + " -F thumbprint=$fp -F \"notAfter=$notafter\" \"$WORKZONE/auth-profiles/S$n/certificate\"",
                "printf '{\"schema\":\"certflow.onboarding/1\",\"id\":\"%s\",\"certificate\":{\"notAfter\":\"%s\"}}' \"$fp\" \"$notafter\""
                        + " | curl -sf -o /dev/null -H 'Content-Type: application/json' --data-binary @- \"$RECORDS\"",
                "");
        Files.writeString(work.resolve("one.sh"), perBundle);
        String token = "TOKEN=$(curl -sf -d grant_type=client_credentials -d client_id=bench -d client_secret=bench-client-secret "
                + standIns.tokenUrl() + " | sed 's/.*\"access_token\" *: *\"\\([^\"]*\\)\".*/\\1/')";
        String script = "set -e\n" + token + "\nexport TOKEN WORKZONE=" + standIns.workzoneBaseUrl() + " RECORDS=" + standIns.recordsUrl()
                + "\nseq 0 " + (bundles - 1) + " | xargs -P 2 -n 1 bash one.sh\n";
        int uploadsBefore = standIns.uploads().size();
        Instant start = Instant.now();
        sh(work, script);
        Duration took = Duration.between(start, Instant.now());
        if (standIns.uploads().size() - uploadsBefore != bundles) {
            throw new IllegalStateException("the shell pipeline uploaded " + (standIns.uploads().size() - uploadsBefore));
        }
        return took;
    }

    private static void sh(Path workDir, String script) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", script).directory(workDir.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("script failed in " + workDir);
        }
    }

    private int health(Map<String, String> env) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("CERTFLOW_MANAGEMENT_PORT")
                    + "/observe/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static void await(Duration atMost, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up after " + atMost);
            }
            Thread.sleep(5);
        }
    }

    private static long rssKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /**
     * The CPU time (user and system, all threads) the process has used so far: how much work a burst costs, whatever the
     * other process on the same cores does. Linux counts it in clock ticks of 1/100 s.
     */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // the command name may hold spaces
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // utime and stime, fields 14 and 15
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", "")).orElse("unknown CPU");
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
