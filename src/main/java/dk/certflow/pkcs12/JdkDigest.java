package dk.certflow.pkcs12;

import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.OutputLengthException;
import org.bouncycastle.util.Memoable;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * BouncyCastle's digest interface over the JDK's SHA-1 and SHA-2, which HotSpot compiles to the CPU's SHA instructions
 * where present. Every key derivation of a PFX hashes thousands of single blocks (a real MitID file ~358,000), several
 * times faster this way than with BouncyCastle's pure-Java digests. {@link Memoable}, so that an HMAC over it keeps its
 * padded-key states and hashes two blocks per PBKDF2 iteration instead of four.
 */
public final class JdkDigest implements ExtendedDigest, Memoable {

    private final String algorithm;
    private final int digestSize;
    private final int blockSize;
    private MessageDigest digest;

    private JdkDigest(String algorithm, int digestSize, int blockSize, MessageDigest digest) {
        this.algorithm = algorithm;
        this.digestSize = digestSize;
        this.blockSize = blockSize;
        this.digest = digest;
    }

    public static JdkDigest sha1() {
        return of("SHA-1", 20, 64);
    }

    public static JdkDigest sha224() {
        return of("SHA-224", 28, 64);
    }

    public static JdkDigest sha256() {
        return of("SHA-256", 32, 64);
    }

    public static JdkDigest sha384() {
        return of("SHA-384", 48, 128);
    }

    public static JdkDigest sha512() {
        return of("SHA-512", 64, 128);
    }

    private static JdkDigest of(String algorithm, int digestSize, int blockSize) {
        try {
            // the SUN provider, not SunJCE, provides these, so this works on a JDK without its cipher provider
            return new JdkDigest(algorithm, digestSize, blockSize, MessageDigest.getInstance(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK provides no " + algorithm, e);
        }
    }

    @Override
    public String getAlgorithmName() {
        return algorithm;
    }

    @Override
    public int getDigestSize() {
        return digestSize;
    }

    @Override
    public int getByteLength() {
        return blockSize;
    }

    @Override
    public void update(byte in) {
        digest.update(in);
    }

    @Override
    public void update(byte[] in, int inOff, int len) {
        digest.update(in, inOff, len);
    }

    @Override
    public int doFinal(byte[] out, int outOff) {
        if (outOff < 0 || out.length - outOff < digestSize) {
            throw new OutputLengthException("output buffer too short");
        }
        try {
            return digest.digest(out, outOff, digestSize);
        } catch (DigestException e) {
            throw new IllegalStateException(algorithm + " refused a buffer of its own size", e);
        }
    }

    @Override
    public void reset() {
        digest.reset();
    }

    @Override
    public Memoable copy() {
        return new JdkDigest(algorithm, digestSize, blockSize, cloneOf(digest));
    }

    @Override
    public void reset(Memoable other) {
        JdkDigest state = (JdkDigest) other;
        if (!state.algorithm.equals(algorithm)) {
            throw new IllegalArgumentException("cannot take the state of " + state.algorithm + " into " + algorithm);
        }
        digest = cloneOf(state.digest);
    }

    private static MessageDigest cloneOf(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(digest.getAlgorithm() + " of the JDK cannot be copied", e);
        }
    }
}
