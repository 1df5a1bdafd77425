package dk.certflow.pkcs12.bench;

import dk.certflow.pkcs12.Credential;
import dk.certflow.pkcs12.CredentialReader;
import dk.certflow.pkcs12.Pkcs12Limits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Time to open the real MitID Erhverv sample (SHA-1 MAC of 102,400 iterations, 3DES key and RC2-40 certificates
 * of 51,200 each). Not a test: run it by hand from the project root:
 * <pre>
 * mvn -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main Pkcs12ReadBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Pkcs12ReadBenchmark {

    private static final Path SAMPLES = Path.of("src/test/resources/oces/samples");

    private final CredentialReader reader = new CredentialReader(Pkcs12Limits.defaults());
    private byte[] sample;
    private char[] password;

    @Setup
    public void load() throws Exception {
        sample = Files.readAllBytes(SAMPLES.resolve("kombit-sp-devtest4-demoklient-sf0101-1.p12"));
        password = Files.readString(SAMPLES.resolve("kombit-sp-devtest4-demoklient-sf0101-1.pass"), StandardCharsets.UTF_8)
                .strip().toCharArray();
        Credential credential = reader.read(sample, "sample.p12", password);
        if (!credential.readable() || credential.privateKey() == null) {
            throw new IllegalStateException("the sample does not read cleanly");
        }
    }

    @Benchmark
    public Credential readSample() {
        return reader.read(sample, "sample.p12", password);
    }
}
