package dk.certflow.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's getting-started shell blocks, run as a newcomer runs them, in a fresh copy of the repository's files
 * (what a clone has) with the jar this build made: each block marked {@code <!-- readme-test: … -->} runs verbatim in
 * bash and must succeed, so the README cannot drift from the product.
 *
 * <p>The block that starts the service also builds the jar with Maven; calling Maven from inside this build would
 * build and test everything a second time, so its Maven commands are skipped and its {@code java -jar} command runs on
 * the jar the package phase just made. The tour and the inspect example run while the service runs, like the drop.
 */
class ReadmeIT {

    private static final Pattern MARKED_BLOCK = Pattern.compile("<!-- readme-test: ([a-z ]+?)(?: \\(.*?\\))? -->\\n```sh\\n(.*?)```", Pattern.DOTALL);
    private static final int PORT = 9876; // the README's curl names it
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path clone;

    record Block(String mode, String script) {
    }

    @Test
    void theGettingStartedCommandsWorkVerbatimOnAFreshClone() throws Exception {
        List<Block> blocks = markedBlocks(Files.readString(Path.of("README.md")));
        assertThat(blocks).extracting(Block::mode).startsWith("starts the service")
                .contains("run while the service runs", "run");
        freshClone();

        String serviceCommand = serviceCommand(blocks.get(0).script());
        assertThat(serviceCommand).isEqualTo("java -jar target/certflow.jar");
        assertThat(portIsFree()).as("port " + PORT + " is free for the README's service").isTrue();
        Path serviceLog = clone.resolve("service.log");
        Process service = new ProcessBuilder("bash", "-c", "exec " + serviceCommand).directory(clone.toFile())
                .redirectErrorStream(true).redirectOutput(serviceLog.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertThat(service.isAlive()).as("the service runs; its log:%n%s", Files.readString(serviceLog)).isTrue();
                return health(http) == 200;
            });
            for (Block block : blocks.subList(1, blocks.size())) {
                String out = bash(block.script());
                if (block.script().contains("data/drop/org.p12")) {
                    assertThat(out).contains("19435075", "KOMBIT Testorganisation");
                }
                if (block.script().contains("demo --once")) {
                    assertThat(out).contains("uploaded and recorded")
                            .as("no management URL that dies with --once").doesNotContainPattern("http://\\S+/(api/certificates|observe/)");
                }
                if (block.script().contains("inspect")) {
                    assertThat(out).contains("Result:        VALID", "CVR:           19435075");
                }
            }
        } finally {
            service.destroy();
            if (!service.waitFor(45, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    static List<Block> markedBlocks(String readme) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = MARKED_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    /** The block's one command that is not Maven: Maven is what runs this test (see the class comment). */
    private static String serviceCommand(String script) {
        assertThat(script).contains("mvn -B package -DskipTests && ", "mvn -B verify");
        List<String> commands = new ArrayList<>();
        for (String line : script.lines().toList()) {
            String command = line.replaceFirst("#.*", "").strip();
            for (String part : command.split("&&")) {
                if (!part.isBlank() && !part.strip().startsWith("mvn ")) {
                    commands.add(part.strip());
                }
            }
        }
        assertThat(commands).hasSize(1);
        return commands.get(0);
    }

    /** The repository's files as git knows them (a clone's content), and the jar this build made. */
    private void freshClone() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "ls-files", "-z").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git ls-files").isZero();
        for (String name : listing.split("\0")) {
            Path source = Path.of(name);
            if (name.isEmpty() || !Files.isRegularFile(source)) {
                continue; // deleted in the work tree but not yet in git
            }
            Path target = clone.resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        assertThat(clone.resolve("README.md")).isRegularFile();
        Files.createDirectories(clone.resolve("target"));
        Files.copy(Path.of("target/certflow.jar"), clone.resolve("target/certflow.jar"));
    }

    private String bash(String script) throws IOException, InterruptedException {
        Path log = Files.createTempFile(clone, "block", ".log");
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(clone.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        bash.getOutputStream().close();
        boolean done = bash.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            bash.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log);
        assertThat(done).as("finished within %s:%n%s%n%s", PATIENCE, script, out).isTrue();
        assertThat(bash.exitValue()).as("exit code of%n%s%noutput:%n%s", script, out).isZero();
        return out;
    }

    private static int health(HttpClient http) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/observe/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean portIsFree() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", PORT));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
