package dk.certflow.pki;

import java.security.KeyPair;

/**
 * PKIs and keys shared by all tests of a JVM: RSA key generation takes about half a second per key, so each is
 * made once, on first use.
 */
public final class SharedPki {

    private SharedPki() {
    }

    private static final class Production {
        static final TestPki PKI = TestPki.create(PkiProfile.OCES3_PRODUCTION);
    }

    private static final class Test {
        static final TestPki PKI = TestPki.create(PkiProfile.OCES3_TEST);
    }

    private static final class Oces2 {
        static final TestPki PKI = TestPki.create(PkiProfile.OCES2_SYSTEMTEST);
    }

    private static final class LookAlike {
        static final TestPki PKI = Production.PKI.lookAlike();
    }

    private static final class LeafKey {
        static final KeyPair RSA_3072 = TestPki.rsaKeyPair(3072);
    }

    private static final class WeakKey {
        static final KeyPair RSA_2048 = TestPki.rsaKeyPair(2048);
    }

    public static TestPki production() {
        return Production.PKI;
    }

    public static TestPki test() {
        return Test.PKI;
    }

    public static TestPki oces2() {
        return Oces2.PKI;
    }

    /** Same names as {@link #production()}, different keys. */
    public static TestPki lookAlike() {
        return LookAlike.PKI;
    }

    public static KeyPair leafKey() {
        return LeafKey.RSA_3072;
    }

    public static KeyPair weakKey() {
        return WeakKey.RSA_2048;
    }
}
