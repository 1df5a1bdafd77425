package dk.certflow.pkcs12;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs openssl and keytool for interop tests; passwords travel in files, never on the command line. */
final class Cli {

    private Cli() {
    }

    static void run(Path workDir, String... command) {
        run(workDir, Map.of(), command);
    }

    /** Runs a command with extra environment variables (how some tools take a password). */
    static void run(Path workDir, Map<String, String> environment, String... command) {
        Path out = workDir.resolve("cli.out");
        Path err = workDir.resolve("cli.err");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(command));
            builder.environment().putAll(environment);
            Process process = builder
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(err, StandardCharsets.UTF_8) + Files.readString(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command[0], e);
        }
    }

    /** Writes a password as UTF-8 to an owner-only file, the way openssl's file: and keytool's :file read it. */
    static Path passwordFile(Path dir, String name, String password) throws IOException {
        Path file = dir.resolve(name + ".pass");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        // openssl reads the first line; a lone newline is the empty password
        Files.write(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    static void openssl(Path dir, String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "openssl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        run(dir, command);
    }

    /** keytool of the running JDK. */
    static void keytool(Path dir, String... arguments) {
        keytool(Path.of(System.getProperty("java.home")), dir, arguments);
    }

    /** keytool of the given JDK; UTF-8 so that a :file password is read as written on JDK 17 too. */
    static void keytool(Path javaHome, Path dir, String... arguments) {
        String[] command = new String[arguments.length + 2];
        command[0] = javaHome.resolve("bin").resolve("keytool").toString();
        command[1] = "-J-Dfile.encoding=UTF-8";
        System.arraycopy(arguments, 0, command, 2, arguments.length);
        run(dir, command);
    }

    /**
     * Makes a test depend on a tool: skipped when it is missing on a developer machine, failed when it is missing
     * under CI=true, so that CI cannot pass by skipping.
     */
    static void requireTool(boolean present, String tool) {
        if ("true".equals(System.getenv("CI"))) {
            if (!present) {
                fail(tool + " is not installed (CI=true: .ci/run installs it)");
            }
        } else {
            assumeTrue(present, tool + " is not installed");
        }
    }

    /** The executable of that name on the PATH, if any. */
    static Optional<Path> onPath(String name) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, name))) {
                return Optional.of(Path.of(folder, name));
            }
        }
        return Optional.empty();
    }

    /** Whether a command exits with 0, its output discarded; false when it cannot be started. */
    static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Another installed JDK newer than 17, if any: JDK 17's keytool refuses non-ASCII passwords. */
    static Optional<Path> jdkNewerThan17() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin").resolve("keytool")))
                    .filter(home -> majorVersion(home) > 17)
                    .max(Comparator.comparingInt(Cli::majorVersion));
        }
    }

    static int majorVersion(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
