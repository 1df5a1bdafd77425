package dk.certflow.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle JCE provider of the process, created on first use and never registered globally (the JDK's own
 * providers stay the defaults). Building one registers hundreds of algorithms, about a tenth of a second on a small
 * machine, so the PKCS#12 reader, the PEM writer, the revocation checker and the test PKI share it.
 */
public final class BouncyCastle {

    public static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
