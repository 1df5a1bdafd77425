package dk.certflow.pkcs12;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.OutputLengthException;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.PKCS12ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdkDigestTest {

    private static final byte[] EMPTY_AS_TERMINATOR = new byte[2];

    @Test
    void hashesLikeSha1() {
        JdkDigest digest = JdkDigest.sha1();
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        digest.update(abc, 0, abc.length);
        byte[] out = new byte[digest.getDigestSize()];

        assertThat(digest.doFinal(out, 0)).isEqualTo(20);
        assertThat(Hex.toHexString(out)).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(digest.getAlgorithmName()).isEqualTo("SHA-1");
        assertThat(digest.getByteLength()).isEqualTo(64);
    }

    @Test
    void agreesWithBouncyCastleForEveryLengthAndWayOfFeeding() {
        Random random = new Random(1);
        for (int length : new int[]{0, 1, 55, 56, 63, 64, 65, 128, 1000}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertThat(hashAtOffset(JdkDigest.sha1(), data)).as("length %d", length)
                    .isEqualTo(hashAtOffset(new SHA1Digest(), data));
        }
    }

    static Stream<Arguments> sha2() {
        return Stream.of(
                Arguments.of(JdkDigest.sha224(), new SHA224Digest(), 64),
                Arguments.of(JdkDigest.sha256(), new SHA256Digest(), 64),
                Arguments.of(JdkDigest.sha384(), new SHA384Digest(), 128),
                Arguments.of(JdkDigest.sha512(), new SHA512Digest(), 128));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("sha2")
    void sha2AgreesWithBouncyCastleAlsoAsHmacAndPbkdf2(JdkDigest jdk, ExtendedDigest bc, int blockSize) {
        assertThat(jdk.getAlgorithmName()).isEqualTo(bc.getAlgorithmName());
        assertThat(jdk.getDigestSize()).isEqualTo(bc.getDigestSize());
        assertThat(jdk.getByteLength()).isEqualTo(blockSize).isEqualTo(bc.getByteLength());
        Random random = new Random(4);
        for (int length : new int[]{0, 1, 111, 112, 127, 128, 129, 1000}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertThat(hashAtOffset(jdk, data)).as("length %d", length).isEqualTo(hashAtOffset(bc, data));
        }
        byte[] key = new byte[200]; // longer than a block: hashed first
        random.nextBytes(key);
        byte[] data = new byte[300];
        random.nextBytes(data);
        assertThat(hmac(jdk, key, data)).isEqualTo(hmac(bc, key, data));
        assertThat(hmac(jdk, Arrays.copyOf(key, 20), data)).isEqualTo(hmac(bc, Arrays.copyOf(key, 20), data));

        // PBKDF2 runs HMAC over the kept padded-key states (Memoable) thousands of times
        PKCS5S2ParametersGenerator jdkKdf = new PKCS5S2ParametersGenerator(jdk);
        PKCS5S2ParametersGenerator bcKdf = new PKCS5S2ParametersGenerator(bc);
        byte[] password = "Kødpålæg-æøå".getBytes(StandardCharsets.UTF_8);
        jdkKdf.init(password, Arrays.copyOf(data, 16), 2048);
        bcKdf.init(password, Arrays.copyOf(data, 16), 2048);
        assertThat(((KeyParameter) jdkKdf.generateDerivedParameters(256)).getKey())
                .isEqualTo(((KeyParameter) bcKdf.generateDerivedParameters(256)).getKey());
    }

    @Test
    void aCopyGoesOnIndependentlyAndOnlyTheSameAlgorithmIsTakenBack() {
        JdkDigest digest = JdkDigest.sha256();
        digest.update((byte) 'a');
        JdkDigest copy = (JdkDigest) digest.copy();
        digest.update((byte) 'b');
        copy.update((byte) 'b');
        byte[] one = new byte[32];
        byte[] two = new byte[32];
        digest.doFinal(one, 0);
        copy.doFinal(two, 0);
        assertThat(one).isEqualTo(two);

        assertThatThrownBy(() -> digest.reset(JdkDigest.sha1())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Feeds one byte, then the rest as a slice, writes at an offset; then again after reset, to check it resets. */
    private static byte[] hashAtOffset(Digest digest, byte[] data) {
        digest.update((byte) 0x5a);
        digest.reset();
        byte[] out = new byte[2 * (digest.getDigestSize() + 3)];
        for (int round = 0; round < 2; round++) {
            if (data.length > 0) {
                digest.update(data[0]);
                digest.update(data, 1, data.length - 1);
            }
            digest.doFinal(out, 3 + round * (digest.getDigestSize() + 3));
        }
        return out;
    }

    @Test
    void refusesAnOutputBufferTooShort() {
        JdkDigest digest = JdkDigest.sha1();

        assertThatThrownBy(() -> digest.doFinal(new byte[25], 6)).isInstanceOf(OutputLengthException.class);
    }

    @Test
    void hmacAgreesWithBouncyCastle() {
        byte[] key = "a MAC key of some length".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[300];
        new Random(2).nextBytes(data);

        assertThat(hmac(JdkDigest.sha1(), key, data)).isEqualTo(hmac(new SHA1Digest(), key, data));
    }

    private static byte[] hmac(Digest digest, byte[] key, byte[] data) {
        HMac hmac = new HMac(digest);
        hmac.init(new KeyParameter(key));
        hmac.update(data, 0, data.length);
        byte[] mac = new byte[hmac.getMacSize()];
        hmac.doFinal(mac, 0);
        return mac;
    }

    static Stream<Arguments> derivations() {
        Stream.Builder<Arguments> cases = Stream.builder();
        Random random = new Random(3);
        for (String password : new String[]{"", "\0", "Secret-123", "Kødpålæg-æøå", "nøgle \uD83D\uDD11 Ω",
                "a password longer than thirty-two characters, so P spans two blocks"}) {
            for (int saltLength : new int[]{8, 20, 65}) {
                byte[] salt = new byte[saltLength];
                random.nextBytes(salt);
                for (int iterations : new int[]{1, 2, 1000, 2048}) {
                    cases.add(Arguments.of(password, salt, iterations));
                }
            }
        }
        return cases.build();
    }

    /** "\0" stands for the empty password as OpenSSL encodes it: only the terminator 00 00. */
    private static byte[] passwordBytes(String password) {
        return password.equals("\0") ? EMPTY_AS_TERMINATOR : PBEParametersGenerator.PKCS12PasswordToBytes(password.toCharArray());
    }

    @ParameterizedTest(name = "[{index}] salt {1}, {2} iterations")
    @MethodSource("derivations")
    void pkcs12KeyDerivationAgreesWithBouncyCastle(String password, byte[] salt, int iterations) {
        byte[] passwordBytes = passwordBytes(password);
        PKCS12ParametersGenerator bc = new PKCS12ParametersGenerator(new SHA1Digest());
        PKCS12ParametersGenerator jdk = new PKCS12ParametersGenerator(JdkDigest.sha1());
        bc.init(passwordBytes, salt, iterations);
        jdk.init(passwordBytes, salt, iterations);

        assertThat(macKey(jdk, 160)).isEqualTo(macKey(bc, 160));
        assertThat(macKey(jdk, 256)).isEqualTo(macKey(bc, 256));
        // key and IV lengths of the PKCS#12 PBE ciphers: 3DES, 2-key 3DES, RC2-40, RC2-128; and a key of four blocks
        for (int keyBits : new int[]{192, 128, 40, 512}) {
            assertThat(keyAndIv(jdk, keyBits)).as("key of %d bits", keyBits).isEqualTo(keyAndIv(bc, keyBits));
        }
    }

    private static byte[] macKey(PKCS12ParametersGenerator generator, int bits) {
        return ((KeyParameter) generator.generateDerivedMacParameters(bits)).getKey();
    }

    private static String keyAndIv(PKCS12ParametersGenerator generator, int keyBits) {
        ParametersWithIV parameters = (ParametersWithIV) generator.generateDerivedParameters(keyBits, 64);
        return Hex.toHexString(((KeyParameter) parameters.getParameters()).getKey()) + "/" + Hex.toHexString(parameters.getIV());
    }
}
