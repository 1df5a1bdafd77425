package dk.certflow.pki;

import dk.certflow.crypto.BouncyCastle;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** How a test PKCS#12 file is protected: like a re-exported file, or like one MitID Erhverv delivers. */
public enum Pkcs12Style {
    /** The JDK's defaults (PBES2 AES-256, HMAC-SHA-256 MAC), as keytool writes it. The JDK accepts ASCII passwords only. */
    MODERN,
    /** BouncyCastle's classic PKCS#12: key with 3DES, certificates with RC2-40, SHA-1 MAC, any password. */
    LEGACY;

    KeyStore newKeyStore() throws GeneralSecurityException {
        return this == MODERN ? KeyStore.getInstance("PKCS12") : KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
    }
}
