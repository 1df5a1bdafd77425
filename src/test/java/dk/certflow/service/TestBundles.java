package dk.certflow.service;

import dk.certflow.pem.PemWriter;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.pki.SharedPki;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Certificates and bundles for tests of the running service. */
public final class TestBundles {

    public static final String SAMPLE = "/oces/samples/kombit-sp-devtest4-demoklient-sf0101-1.p12";
    public static final String SAMPLE_FINGERPRINT = "DD8A015812F614CE7F30B12AC269BEB04CCB783942D148A03D33301024E8B3DD";
    public static final String PASSWORD = "Test-Kødpålæg-42";

    private TestBundles() {
    }

    public static byte[] resource(String name) throws IOException {
        try (InputStream in = TestBundles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    public static byte[] sample() throws IOException {
        return resource(SAMPLE);
    }

    public static String samplePassword() throws IOException {
        return new String(resource(SAMPLE.replace(".p12", ".pass")), StandardCharsets.UTF_8).strip();
    }

    /** The bundled OCES3 CAs plus the throw-away test PKI of the tests: what the service under test trusts. */
    public static Path trustFile(Path dir) throws IOException {
        StringBuilder pem = new StringBuilder();
        for (String ca : List.of("prod-root", "prod-issuing-1", "test-root", "test-issuing-1")) {
            pem.append(new String(resource("/trust/" + ca + ".pem"), StandardCharsets.US_ASCII)).append('\n');
        }
        pem.append(PemWriter.toPem(SharedPki.test().root().certificate()));
        pem.append(PemWriter.toPem(SharedPki.test().issuing().certificate()));
        Path file = dir.resolve("trust.pem");
        Files.writeString(file, pem.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    /** An OCES3 organisation certificate of the throw-away test PKI. */
    public static IssuedCertificate leaf(String cvr, Duration validFor) {
        Instant now = Instant.now();
        return SharedPki.test().leaf().cvr(cvr).keyPair(SharedPki.leafKey())
                .validity(now.minus(Duration.ofDays(1)), now.plus(validFor)).issue();
    }

    public static byte[] pkcs12(IssuedCertificate leaf, Path scratch, String password) throws IOException {
        Path file = Files.createTempFile(scratch, "leaf", ".p12");
        leaf.writePkcs12(file, password.toCharArray(), "certificate", dk.certflow.pki.Pkcs12Style.LEGACY);
        return Files.readAllBytes(file);
    }

    /** Drops a file the way a careful copy does: written under a temporary name, then renamed. */
    public static Path drop(Path dropDir, String name, byte[] content) throws IOException {
        Path part = dropDir.resolve(name + ".part");
        Files.write(part, content);
        return Files.move(part, dropDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    public static Path dropSidecar(Path dropDir, String name, String... lines) throws IOException {
        return drop(dropDir, name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** True when the folder holds nothing, a drop folder all of whose files have been taken in, say. */
    public static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** How many final places under the data folder (archive/ and rejected/) hold the bundle NAME: must be exactly one. */
    public static long archivedOrRejected(Path data, String name) throws IOException {
        long count = 0;
        for (Path root : List.of(data.resolve("archive"), data.resolve("rejected"))) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root, 6)) {
                    count += walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().equals(name + ".p12")).count();
                }
            }
        }
        return count;
    }

    public static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
    }

    /** The single folder below root whose name ends with suffix, searched to the given depth. */
    public static Path folderEndingWith(Path root, String suffix, int depth) throws IOException {
        try (Stream<Path> walk = Files.walk(root, depth)) {
            List<Path> found = walk.filter(Files::isDirectory).filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one folder *" + suffix + " under " + root + ", found " + found);
            }
            return found.get(0);
        }
    }

    public static boolean exists(Path root, String suffix, int depth) {
        try (Stream<Path> walk = Files.walk(root, depth)) {
            return walk.anyMatch(p -> Files.isDirectory(p) && p.getFileName().toString().endsWith(suffix));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // a staging folder vanished while walking: look again
        }
    }
}
