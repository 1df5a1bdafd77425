package dk.certflow.pkcs12.bench;

import dk.certflow.crypto.BouncyCastle;
import dk.certflow.pkcs12.JdkDigest;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * PBKDF2-HMAC-SHA256 at OpenSSL 3's default 2,048 iterations, one 256-bit key: what decrypting one bag of a PFX from
 * {@code openssl pkcs12 -export} costs (a file has two such bags, and its MAC as much again).
 * <ul>
 *   <li>{@code bouncyCastleJce}: what the reader used, BouncyCastle's JCE PBKDF2 (its pure-Java SHA-256);</li>
 *   <li>{@code lightweightBcSha256}: BouncyCastle's generator over its pure-Java SHA-256;</li>
 *   <li>{@code lightweightJdkSha256}: the generator over {@link JdkDigest} (the CPU's SHA instructions), what the reader uses now;</li>
 *   <li>{@code sunJce}: the JDK's own PBKDF2WithHmacSHA256, for comparison.</li>
 * </ul>
 * Not a test: run it by hand from the project root:
 * <pre>
 * mvn -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main Pbkdf2Benchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Pbkdf2Benchmark {

    private static final int ITERATIONS = 2048;
    private static final char[] PASSWORD = "Kødpålæg-2048".toCharArray();

    private final byte[] salt = new byte[8];
    private final byte[] passwordBytes = PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(PASSWORD);

    @Setup
    public void setUp() throws Exception {
        new Random(7).nextBytes(salt);
        byte[] expected = sunJce();
        for (byte[] key : new byte[][]{bouncyCastleJce(), lightweightBcSha256(), lightweightJdkSha256()}) {
            if (!Arrays.equals(key, expected)) {
                throw new IllegalStateException("the derivations disagree");
            }
        }
    }

    @Benchmark
    public byte[] bouncyCastleJce() throws Exception {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256", BouncyCastle.PROVIDER)
                .generateSecret(new PBEKeySpec(PASSWORD, salt, ITERATIONS, 256)).getEncoded();
    }

    @Benchmark
    public byte[] lightweightBcSha256() {
        return derive(new SHA256Digest());
    }

    @Benchmark
    public byte[] lightweightJdkSha256() {
        return derive(JdkDigest.sha256());
    }

    @Benchmark
    public byte[] sunJce() throws Exception {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256", "SunJCE")
                .generateSecret(new PBEKeySpec(PASSWORD, salt, ITERATIONS, 256)).getEncoded();
    }

    private byte[] derive(Digest digest) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest);
        generator.init(passwordBytes, salt, ITERATIONS);
        return ((KeyParameter) generator.generateDerivedParameters(256)).getKey();
    }
}
