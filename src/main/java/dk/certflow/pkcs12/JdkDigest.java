package dk.certflow.pkcs12;

import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.OutputLengthException;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * BouncyCastle's digest interface over the JDK's SHA-1, which HotSpot compiles to the CPU's SHA instructions where
 * present. The PKCS#12 key derivation of a real MitID file hashes ~358,000 single blocks, several times faster this
 * way than with BouncyCastle's pure-Java SHA1Digest.
 */
public final class JdkSha1Digest implements ExtendedDigest {

    private static final int DIGEST_SIZE = 20;
    private static final int BLOCK_SIZE = 64;

    private final MessageDigest sha1;

    public JdkSha1Digest() {
        try {
            // the SUN provider, not SunJCE, provides SHA-1, so this works on a JDK without its cipher provider
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK provides no SHA-1", e);
        }
    }

    @Override
    public String getAlgorithmName() {
        return "SHA-1";
    }

    @Override
    public int getDigestSize() {
        return DIGEST_SIZE;
    }

    @Override
    public int getByteLength() {
        return BLOCK_SIZE;
    }

    @Override
    public void update(byte in) {
        sha1.update(in);
    }

    @Override
    public void update(byte[] in, int inOff, int len) {
        sha1.update(in, inOff, len);
    }

    @Override
    public int doFinal(byte[] out, int outOff) {
        if (outOff < 0 || out.length - outOff < DIGEST_SIZE) {
            throw new OutputLengthException("output buffer too short");
        }
        try {
            return sha1.digest(out, outOff, DIGEST_SIZE);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 refused a buffer of its own size", e);
        }
    }

    @Override
    public void reset() {
        sha1.reset();
    }
}
