package dk.certflow.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package on this machine, as an operator uses it: dpkg -i, the certflow command, the service started with
 * the unit's own ExecStart line as user certflow (no systemd runs where the tests run), the real MitID sample dropped in
 * and archived, dpkg -r keeping the data, purge saying what it leaves. The machine is restored afterwards, whatever
 * happens: package purged, user removed, folders deleted.
 *
 * <p>It changes the machine, so it runs only where that is meant: as root on a machine with dpkg, under CI=true (CI
 * runs on a throw-away clone as root) or with -Dcertflow-test.deb=true. It refuses to touch a certflow that was
 * installed before it.
 */
class DebianPackageIT {

    private static final Path SAMPLES = Path.of("src/test/resources/oces/samples");
    private static final String SAMPLE = "kombit-sp-devtest4-demoklient-sf0101-1";
    private static final Path STATE = Path.of("/var/lib/certflow");
    private static final Path INSTALLED_UNIT = Path.of("/lib/systemd/system/certflow.service");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    @Test
    void installsRunsAsAServiceAndRemovesKeepingTheData() throws Exception {
        assumeTrue("true".equals(System.getenv("CI")) || Boolean.getBoolean("certflow-test.deb"),
                "changes the machine: runs under CI=true or with -Dcertflow-test.deb=true");
        assertThat(run("id", "-u").out().strip()).as("dpkg -i needs root").isEqualTo("0");
        assertThat(run("sh", "-c", "command -v dpkg").exit()).as("dpkg").isZero();
        assertThat(run("dpkg-query", "-W", "-f=${Status}", "certflow").out()).as("a certflow package installed before this test")
                .doesNotContain("installed");
        assertThat(run("getent", "passwd", "certflow").exit()).as("a user certflow made before this test").isNotZero();
        assertThat(STATE).as("a /var/lib/certflow left before this test").doesNotExist();
        Path deb = theBuiltPackage();
        Process service = null;
        try {
            Result install = run("dpkg", "-i", deb.toString());
            assertThat(install.exit()).as(install.out()).isZero();
            assertInstalledLayout();

            assertThat(run("certflow", "--version").out()).startsWith("certflow ").contains(" on Java ");
            Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
            Files.copy(SAMPLES.resolve(SAMPLE + ".p12"), elsewhere.resolve("org.p12"));
            Files.copy(SAMPLES.resolve(SAMPLE + ".pass"), elsewhere.resolve("org.pass"));
            Result inspect = runIn(elsewhere, Map.of(), "certflow", "inspect", "--revocation", "off", "--password-file", "org.pass", "org.p12");
            assertThat(inspect.exit()).as(inspect.out()).isZero();
            assertThat(inspect.out()).contains("Result:        VALID", "CVR:           19435075");

            if (run("sh", "-c", "command -v systemd-analyze").exit() == 0) {
                Result verify = run("systemd-analyze", "verify", INSTALLED_UNIT.toString());
                assertThat(verify.exit()).as(verify.out()).isZero();
                assertThat(verify.out()).as("systemd-analyze verify says nothing about the unit").doesNotContain("certflow.service");
            }

            int port = freePort();
            service = startAsTheUnitDoes(port);
            Process running = service;
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> running.isAlive() && status(http, port, "/observe/health") == 200);
            assertThat(Files.readString(Path.of("/proc/" + service.pid() + "/cmdline")).replace('\0', ' '))
                    .as("the launcher's JVM options and the class-data archive postinst made")
                    .contains("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=/var/cache/certflow/certflow.jsa",
                            "-XX:MaxRAM=1g -jar /usr/share/certflow/certflow.jar run");

            Path drop = STATE.resolve("drop");
            Files.copy(SAMPLES.resolve(SAMPLE + ".p12"), drop.resolve("org.p12.part"));
            Files.writeString(drop.resolve("org.properties"), "password=" + Files.readString(SAMPLES.resolve(SAMPLE + ".pass")).strip()
                    + "\nenvironment=test\n", StandardCharsets.UTF_8);
            Files.move(drop.resolve("org.p12.part"), drop.resolve("org.p12"));
            Path archived = await().atMost(PATIENCE).until(() -> archived("org"), p -> p != null);
            PosixFileAttributes kept = Files.readAttributes(archived.resolve("org.p12"), PosixFileAttributes.class);
            assertThat(kept.owner().getName()).as("a file root dropped becomes the service's own").isEqualTo("certflow");
            assertThat(PosixFilePermissions.toString(kept.permissions())).isEqualTo("rw-------");
            assertThat(Files.readString(archived.resolve("org.properties"))).contains("environment=test").doesNotContain(
                    Files.readString(SAMPLES.resolve(SAMPLE + ".pass")).strip());
            await().atMost(PATIENCE).until(() -> dk.certflow.service.TestBundles.isEmpty(drop));
            assertThat(get(http, port, "/api/certificates")).contains("19435075");

            service.destroy(); // SIGTERM, as systemctl stop sends it
            assertThat(service.waitFor(45, TimeUnit.SECONDS)).as("stops within the unit's TimeoutStopSec").isTrue();
            assertThat(service.exitValue()).as("a stop the unit counts as success").isIn(0, 143);

            Result remove = run("dpkg", "-r", "certflow");
            assertThat(remove.exit()).as(remove.out()).isZero();
            assertThat(Path.of("/usr/bin/certflow")).doesNotExist();
            assertThat(archived.resolve("org.p12")).as("removing the package keeps the data").isRegularFile();
            assertThat(STATE.resolve("db")).isDirectory();
            assertThat(Path.of("/etc/certflow/certflow.properties")).as("and the configuration").isRegularFile();

            Result purge = run("dpkg", "--purge", "certflow");
            assertThat(purge.exit()).as(purge.out()).isZero();
            assertThat(purge.out()).contains("/var/lib/certflow", "the system user certflow are left");
            assertThat(Path.of("/etc/certflow")).doesNotExist();
            assertThat(archived.resolve("org.p12")).as("purging leaves the data, and says so").isRegularFile();
        } finally {
            if (service != null && service.isAlive()) {
                service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            restoreTheMachine();
        }
    }

    private static void assertInstalledLayout() throws IOException {
        assertThat(Path.of("/usr/bin/certflow")).isExecutable();
        PosixFileAttributes conffile = Files.readAttributes(Path.of("/etc/certflow/certflow.properties"), PosixFileAttributes.class);
        assertThat(conffile.group().getName()).isEqualTo("certflow");
        assertThat(PosixFilePermissions.toString(conffile.permissions())).isEqualTo("rw-r-----");
        PosixFileAttributes drop = Files.readAttributes(STATE.resolve("drop"), PosixFileAttributes.class);
        assertThat(drop.owner().getName()).isEqualTo("certflow");
        assertThat(drop.group().getName()).isEqualTo("certflow");
        assertThat(run("stat", "-c", "%a", STATE.resolve("drop").toString()).out().strip())
                .as("group-writable, setgid so dropped files keep the group").isEqualTo("2770");
        assertThat(run("stat", "-c", "%a", STATE.toString()).out().strip()).isEqualTo("750");
        assertThat(run("getent", "passwd", "certflow").out()).contains("/usr/sbin/nologin");
        assertThat(Path.of("/var/cache/certflow/certflow.jsa")).as("the class-data archive").isRegularFile();
    }

    /**
     * The unit's own ExecStart, User, Group, WorkingDirectory, Environment and UMask, with setpriv in systemd's place.
     * Only the management port differs (a free one), so that a service already on this machine's 9876 does not matter.
     */
    private Process startAsTheUnitDoes(int port) throws IOException {
        Map<String, List<String>> unit = SystemdUnit.read(INSTALLED_UNIT);
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + unit.get("User").get(0), "--regid=" + unit.get("Group").get(0),
                "--init-groups", "--", "sh", "-c", "umask " + unit.get("UMask").get(0) + " && exec \"$@\"", "sh"));
        command.addAll(List.of(unit.get("ExecStart").get(0).split(" ")));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of(unit.get("WorkingDirectory").get(0)).toFile())
                .redirectErrorStream(true).redirectOutput(temp.resolve("service.log").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String assignment : unit.getOrDefault("Environment", List.of())) {
            builder.environment().put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
        }
        builder.environment().put("CERTFLOW_MANAGEMENT_PORT", String.valueOf(port));
        // what an operator's drop-in adds (systemctl edit certflow): the launcher passes it on, the service accepts it
        builder.environment().put("CERTFLOW_JAVA_OPTIONS", "-XX:MaxRAM=1g");
        return builder.start();
    }

    /** Purge, the user and its group, the folders: as the machine was before, even after a failure half-way. */
    private static void restoreTheMachine() {
        run("dpkg", "--purge", "certflow");
        run("userdel", "certflow");
        run("groupdel", "certflow");
        run("rm", "-rf", STATE.toString(), "/etc/certflow", "/var/cache/certflow");
    }

    private static Path theBuiltPackage() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("certflow_.+_all\\.deb")).toList();
            assertThat(debs).as("mvn package builds exactly one target/certflow_<version>_all.deb").hasSize(1);
            return debs.get(0).toAbsolutePath();
        }
    }

    private static Path archived(String name) throws IOException {
        Path archive = STATE.resolve("archive");
        if (!Files.isDirectory(archive)) {
            return null;
        }
        try (Stream<Path> walk = Files.walk(archive, 4)) {
            return walk.filter(p -> p.getFileName().toString().equals(name) && Files.isRegularFile(p.resolve(name + ".p12")))
                    .findFirst().orElse(null);
        }
    }


    private static int status(HttpClient http, int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    record Result(int exit, String out) {
    }

    private static Result run(String... command) {
        return runIn(null, Map.of(), command);
    }

    private static Result runIn(Path dir, Map<String, String> environment, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            builder.environment().putAll(environment);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, new String(out, StandardCharsets.UTF_8) + "\n(timed out)");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
