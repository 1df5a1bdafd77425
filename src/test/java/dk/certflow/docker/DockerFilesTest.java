package dk.certflow.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dk.certflow.config.ConfigLoader;
import dk.certflow.testing.TestHttpServer;
import dk.certflow.testing.TestHttpServer.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * No Docker engine runs where the tests run, so docker/Dockerfile and docker/compose.yaml are checked against the
 * application instead: configuration names, port, paths and the jar Maven builds, so neither can drift unnoticed.
 */
class DockerFilesTest {

    private static final Path DOCKER_DIR = Path.of("docker");
    private static final Path DOCKERFILE = DOCKER_DIR.resolve("Dockerfile");
    private static final Path COMPOSE = DOCKER_DIR.resolve("compose.yaml");
    /** Camel's health endpoint; FlowTest checks the running service answers on it. */
    private static final String HEALTH_PATH = "/observe/health";
    private static final Pattern CERTFLOW_VARIABLE = Pattern.compile("\\bCERTFLOW_[A-Z0-9_]+\\b");
    /** Variables the commands read besides the configuration keys. */
    private static final Set<String> COMMAND_VARIABLES = Set.of(ConfigLoader.CONFIG_ENV, "CERTFLOW_PASSWORD");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> DEFAULTS = ConfigLoader.defaults();
    private static final String MANAGEMENT_PORT = DEFAULTS.get("certflow.management.port");

    private static Dockerfile dockerfile;
    private static Map<String, Object> compose;

    @BeforeAll
    static void readFiles() throws IOException {
        dockerfile = Dockerfile.read(DOCKERFILE);
        // parsing is itself the check that the compose file is valid YAML
        compose = map(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(COMPOSE)), "compose.yaml");
    }

    @Test
    void everyCertflowVariableNamedInEitherFileIsAConfigurationKey() throws IOException {
        Set<String> known = DEFAULTS.keySet().stream().filter(k -> k.startsWith("certflow."))
                .map(ConfigLoader::environmentName).collect(Collectors.toCollection(TreeSet::new));
        known.addAll(COMMAND_VARIABLES);

        // the whole text, commented examples included: an operator copies those
        Set<String> named = new TreeSet<>();
        for (Path file : List.of(DOCKERFILE, COMPOSE)) {
            Matcher m = CERTFLOW_VARIABLE.matcher(Files.readString(file));
            while (m.find()) {
                named.add(m.group());
            }
        }

        assertThat(named).contains("CERTFLOW_DATA_DIR", "CERTFLOW_MANAGEMENT_PORT", "CERTFLOW_WORKZONE_OAUTH_CLIENT_SECRET_FILE");
        assertThat(known).containsAll(named);
    }

    @Test
    void runtimeImageExposesTheDefaultManagementPort() {
        assertThat(dockerfile.runtime().all("EXPOSE")).containsExactly(MANAGEMENT_PORT);
    }

    @Test
    void healthcheckProbesTheManagementPortAndFollowsItsOverride() throws Exception {
        String probe = String.join(" ", healthcheckCommand());
        String portVariable = ConfigLoader.environmentName("certflow.management.port");

        Matcher port = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/\\$\\{" + portVariable + ":-(\\d+)}").matcher(probe);
        assertThat(port.find()).as("probe connects to ${%s:-port} on loopback: %s", portVariable, probe).isTrue();
        assertThat(port.group(1)).isEqualTo(MANAGEMENT_PORT);
    }

    @Test
    void healthcheckIsHealthyOnlyWhenTheHealthEndpointAnswers200() throws Exception {
        try (TestHttpServer management = TestHttpServer.start()) {
            management.enqueue(Reply.json(200, "{\"status\":\"UP\"}"), Reply.json(503, "{\"status\":\"DOWN\"}"));

            assertThat(runProbe(management.uri("/").getPort())).as("exit code when UP").isZero();
            assertThat(runProbe(management.uri("/").getPort())).as("exit code when DOWN").isNotZero();

            assertThat(management.requests()).extracting(TestHttpServer.Recorded::rawPath).containsExactly(HEALTH_PATH, HEALTH_PATH);
        }
    }

    @Test
    void healthcheckFailsWhenNothingListens() throws Exception {
        int port;
        try (TestHttpServer closed = TestHttpServer.start()) {
            port = closed.uri("/").getPort();
        }
        assertThat(runProbe(port)).isNotZero();
    }

    @Test
    void imageRunsTheJarMavenBuilds() throws IOException {
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(finalName.find()).as("pom.xml names the jar").isTrue();
        String builtJar = "target/" + finalName.group(1) + ".jar";

        Dockerfile.Stage runtime = dockerfile.runtime();
        String[] copy = runtime.all("COPY").stream().filter(c -> c.startsWith("--from=")).findFirst()
                .orElseThrow(() -> new AssertionError("the runtime stage copies nothing from the build stage")).split("\\s+");
        Dockerfile.Stage build = dockerfile.stage(copy[0].substring("--from=".length()))
                .orElseThrow(() -> new AssertionError("no build stage " + copy[0]));

        assertThat(build.all("RUN")).anyMatch(run -> run.matches("mvn .*\\bpackage\\b.*"));
        assertThat(copy[1]).isEqualTo(build.last("WORKDIR") + "/" + builtJar);
        List<String> entrypoint = jsonArray(runtime.last("ENTRYPOINT"));
        assertThat(entrypoint).containsSequence("-jar", copy[2]);
        // the JVM options of a small always-on service come before the jar
        assertThat(entrypoint.subList(0, entrypoint.indexOf("-jar"))).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1").anyMatch(o -> o.startsWith("-Xmx"));
        assertThat(jsonArray(runtime.last("CMD"))).containsExactly("run");
    }

    @Test
    void buildStageGetsEverythingTheJarIsBuiltFrom() throws IOException {
        // pom.xml, src/ and every resource folder of the pom (routes/ travels inside the jar)
        Set<String> needed = new TreeSet<>(Set.of("pom.xml", "src"));
        Matcher directory = Pattern.compile("<directory>([^<]+)</directory>").matcher(Files.readString(Path.of("pom.xml")));
        while (directory.find()) {
            needed.add(directory.group(1).split("/")[0]);
        }
        Set<String> copied = dockerfile.stages().get(0).all("COPY").stream()
                .map(c -> c.split("\\s+")[0]).collect(Collectors.toSet());
        Set<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());

        assertThat(copied).containsAll(needed);
        assertThat(ignored).doesNotContainAnyElementsOf(needed).contains("target", "data", ".git");
    }

    @Test
    void dataVolumeIsTheDataDirAndBelongsToTheUnprivilegedRuntimeUser() throws Exception {
        Dockerfile.Stage runtime = dockerfile.runtime();
        String user = runtime.last("USER");

        assertThat(jsonArray(runtime.last("VOLUME"))).containsExactly("/data");
        assertThat(imageEnvironment()).containsEntry(ConfigLoader.environmentName("certflow.data-dir"), "/data");
        assertThat(user.split(":")[0]).isNotIn("root", "0");
        assertThat(runtime.all("RUN")).anyMatch(run -> run.contains("chown " + user + " /data"));
    }

    @Test
    void composeMountsTheDropFolderAndTheDataVolumeWhereTheServiceLooksForThem(@TempDir Path workingDir) throws Exception {
        Map<String, Object> certflow = service("certflow");
        Map<String, String> environment = new HashMap<>(imageEnvironment());
        map(certflow.get("environment"), "certflow.environment").forEach((k, v) -> environment.put(k, String.valueOf(v)));
        Map<String, String> config = new ConfigLoader(environment, new Properties(), workingDir).load(null);

        Map<String, String> mounts = list(certflow.get("volumes"), "certflow.volumes").stream().map(String::valueOf)
                .map(v -> v.split(":")).collect(Collectors.toMap(v -> v[0], v -> v[1]));

        assertThat(mounts).containsEntry("./drop", config.get("certflow.drop.dir"))
                .containsEntry("certflow-data", config.get("certflow.data-dir"));
        assertThat(config.get("certflow.drop.dir")).isEqualTo("/data/drop");
        assertThat(map(compose.get("volumes"), "volumes")).containsKey("certflow-data");
    }

    @Test
    void composePublishesTheManagementPortOnLoopbackOnly() {
        for (String name : map(compose.get("services"), "services").keySet()) {
            List<Object> ports = list(service(name).get("ports"), name + ".ports");
            assertThat(ports).as(name).isNotEmpty().allSatisfy(p -> {
                String[] parts = String.valueOf(p).split(":");
                assertThat(parts).as(name + " publishes " + p).hasSize(3);
                assertThat(parts[0]).as(name + " host address").isEqualTo("127.0.0.1");
                assertThat(parts[2]).as(name + " container port").isEqualTo(MANAGEMENT_PORT);
            });
        }
        assertThat(service("certflow").get("ports")).isEqualTo(List.of("127.0.0.1:" + MANAGEMENT_PORT + ":" + MANAGEMENT_PORT));
    }

    @Test
    void composeBuildsThisDockerfileAndKeepsTheServiceRunning() {
        for (String name : List.of("certflow", "demo")) {
            Map<String, Object> build = map(service(name).get("build"), name + ".build");
            Path context = DOCKER_DIR.resolve(String.valueOf(build.get("context"))).normalize();
            assertThat(context.resolve(String.valueOf(build.get("dockerfile"))).normalize()).as(name).isEqualTo(DOCKERFILE);
        }
        assertThat(service("certflow")).containsEntry("restart", "unless-stopped");
    }

    @Test
    void composeLeavesTimeToFinishWorkInFlightOnStop() {
        Duration camelShutdown = Duration.ofSeconds(Long.parseLong(DEFAULTS.get("camel.main.shutdown-timeout"))
                + Long.parseLong(DEFAULTS.get("camel.main.extra-shutdown-timeout")));
        Matcher grace = Pattern.compile("(\\d+)s").matcher(String.valueOf(service("certflow").get("stop_grace_period")));

        assertThat(grace.matches()).as("stop_grace_period in seconds").isTrue();
        assertThat(Duration.ofSeconds(Long.parseLong(grace.group(1)))).isGreaterThan(camelShutdown);
    }

    @Test
    void demoIsAnOptionalProfileRunningTheDemoCommand() {
        Map<String, Object> demo = service("demo");

        assertThat(demo).containsEntry("profiles", List.of("demo")).containsEntry("command", List.of("demo", "--port", "9876", "--listen", "0.0.0.0"));
        assertThat(service("certflow")).doesNotContainKey("profiles");
    }

    private static List<String> healthcheckCommand() throws IOException {
        String healthcheck = dockerfile.runtime().last("HEALTHCHECK");
        int cmd = healthcheck.indexOf("CMD [");
        assertThat(cmd).as("HEALTHCHECK uses the exec form CMD [...]: %s", healthcheck).isNotNegative();
        return jsonArray(healthcheck.substring(cmd + "CMD ".length()));
    }

    /** Runs the HEALTHCHECK command as Docker would inside the container, against a management port on this host. */
    private static int runProbe(int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(healthcheckCommand()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(ConfigLoader.environmentName("certflow.management.port"), String.valueOf(port));
        Process process = builder.start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the health probe did not finish");
        }
        return process.exitValue();
    }

    /** ENV KEY=VALUE pairs of the runtime stage. */
    private static Map<String, String> imageEnvironment() {
        return dockerfile.runtime().all("ENV").stream().flatMap(env -> Arrays.stream(env.split("\\s+")))
                .map(pair -> pair.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> p[1]));
    }

    private static List<String> jsonArray(String text) throws IOException {
        return List.of(JSON.readValue(text, String[].class));
    }

    private static Map<String, Object> service(String name) {
        return map(map(compose.get("services"), "services").get(name), "services." + name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String where) {
        assertThat(node).as(where).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node, String where) {
        assertThat(node).as(where).isInstanceOf(List.class);
        return (List<Object>) node;
    }
}
