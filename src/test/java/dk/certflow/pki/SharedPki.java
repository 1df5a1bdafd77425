package dk.certflow.pki;

import java.security.KeyPair;
import java.time.Instant;

/**
 * PKIs and keys shared by all tests of a JVM. RSA key generation takes from a fraction of a second to several
 * seconds per key (4096 bits), so each is made once, on first use, and the CAs get 2048-bit keys: nothing
 * judges CA key sizes, while signatures stay RSASSA-PSS with the real hashes.
 */
public final class SharedPki {

    private static final Instant CA_NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant CA_NOT_AFTER = Instant.parse("2045-01-01T00:00:00Z");
    private static final int CA_KEY_BITS = 2048;

    private SharedPki() {
    }

    private static TestPki create(PkiProfile profile) {
        return TestPki.create(profile, CA_NOT_BEFORE, CA_NOT_AFTER,
                TestPki.rsaKeyPair(CA_KEY_BITS), TestPki.rsaKeyPair(CA_KEY_BITS));
    }

    private static final class Production {
        static final TestPki PKI = create(PkiProfile.OCES3_PRODUCTION);
    }

    private static final class Test {
        static final TestPki PKI = create(PkiProfile.OCES3_TEST);
    }

    private static final class Oces2 {
        static final TestPki PKI = create(PkiProfile.OCES2_SYSTEMTEST);
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
