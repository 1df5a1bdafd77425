package dk.certflow.pkcs12.bench;

import dk.certflow.pkcs12.JdkDigest;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.generators.PKCS12ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.jcajce.PKCS12KeyWithParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import java.security.MessageDigest;
import java.security.Provider;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The PKCS#12 key derivation (RFC 7292 B.2) at the iteration count of the real MitID files, with BouncyCastle's
 * pure-Java SHA-1 and with the JDK's (CPU intrinsic) SHA-1.
 * <ul>
 *   <li>{@code oneBlock*}: one 20-byte derivation of 51,200 iterations (the MAC key of a MitID file is one of 102,400);</li>
 *   <li>{@code tripleDes*}: a 3DES key and IV, three such blocks, as decrypting one 3DES bag costs.</li>
 * </ul>
 * Not a test: run it by hand from the project root:
 * <pre>
 * mvn -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main KdfBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KdfBenchmark {

    private static final int ITERATIONS = 51_200;
    private static final char[] PASSWORD = "correct horse battery".toCharArray();

    private final Provider bc = new BouncyCastleProvider();
    private final byte[] salt = new byte[20];
    private final byte[] passwordBytes = PBEParametersGenerator.PKCS12PasswordToBytes(PASSWORD);
    private SecretKey sunJceKey;

    @Setup
    public void setUp() throws Exception {
        new Random(7).nextBytes(salt);
        sunJceKey = SecretKeyFactory.getInstance("PBEWithSHA1AndDESede", "SunJCE").generateSecret(new PBEKeySpec(PASSWORD));
        if (!Arrays.equals(oneBlockJdkLoop(), oneBlockBc()) || !Arrays.equals(oneBlockJdkDigest(), oneBlockBc())) {
            throw new IllegalStateException("the derivations disagree");
        }
    }

    @Benchmark
    public byte[] oneBlockBc() {
        return oneBlock(new SHA1Digest());
    }

    @Benchmark
    public byte[] oneBlockJdkDigest() {
        return oneBlock(JdkDigest.sha1());
    }

    /** The same block straight on MessageDigest: the floor for any BouncyCastle-Digest adapter. */
    @Benchmark
    public byte[] oneBlockJdkLoop() throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] diversifier = new byte[64];
        Arrays.fill(diversifier, (byte) PKCS12ParametersGenerator.MAC_MATERIAL);
        sha1.update(diversifier);
        sha1.update(repeatedToBlocks(salt));
        sha1.update(repeatedToBlocks(passwordBytes));
        byte[] a = sha1.digest();
        for (int i = 1; i < ITERATIONS; i++) {
            sha1.update(a);
            sha1.digest(a, 0, a.length);
        }
        return a;
    }

    @Benchmark
    public CipherParameters tripleDesBc() {
        return tripleDes(new SHA1Digest());
    }

    @Benchmark
    public CipherParameters tripleDesJdkDigest() {
        return tripleDes(JdkDigest.sha1());
    }

    /** What the reader did: BouncyCastle's JCE cipher, which derives with its own SHA1Digest. */
    @Benchmark
    public Cipher tripleDesBcJceCipher() throws Exception {
        Cipher cipher = Cipher.getInstance("1.2.840.113549.1.12.1.3", bc);
        cipher.init(Cipher.DECRYPT_MODE, new PKCS12KeyWithParameters(PASSWORD, salt, ITERATIONS));
        return cipher;
    }

    /** The JDK's own PKCS#12 PBE (SunJCE), which derives with MessageDigest. */
    @Benchmark
    public Cipher tripleDesSunJceCipher() throws Exception {
        Cipher cipher = Cipher.getInstance("PBEWithSHA1AndDESede", "SunJCE");
        cipher.init(Cipher.DECRYPT_MODE, sunJceKey, new PBEParameterSpec(salt, ITERATIONS));
        return cipher;
    }

    private byte[] oneBlock(Digest digest) {
        PKCS12ParametersGenerator generator = new PKCS12ParametersGenerator(digest);
        generator.init(passwordBytes, salt, ITERATIONS);
        return ((KeyParameter) generator.generateDerivedMacParameters(160)).getKey();
    }

    private CipherParameters tripleDes(Digest digest) {
        PKCS12ParametersGenerator generator = new PKCS12ParametersGenerator(digest);
        generator.init(passwordBytes, salt, ITERATIONS);
        return generator.generateDerivedParameters(192, 64);
    }

    private static byte[] repeatedToBlocks(byte[] input) {
        byte[] out = new byte[64 * ((input.length + 63) / 64)];
        for (int i = 0; i < out.length; i++) {
            out[i] = input[i % input.length];
        }
        return out;
    }
}
