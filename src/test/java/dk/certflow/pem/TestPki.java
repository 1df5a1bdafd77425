package dk.certflow.pem;

import dk.certflow.pki.IssuedCertificate;
import dk.certflow.pki.SharedPki;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** Root, issuing CA and a fresh leaf of the tests' shared OCES3-like PKI (RSASSA-PSS, as OCES3 signs). */
record TestPki(X509Certificate root, X509Certificate intermediate, X509Certificate leaf, PrivateKey leafKey) {

    List<X509Certificate> chain() {
        return List.of(leaf, intermediate, root);
    }

    static TestPki create() {
        IssuedCertificate leaf = SharedPki.test().leaf().keyPair(SharedPki.weakKey()).issue();
        return new TestPki(SharedPki.test().root().certificate(), SharedPki.test().issuing().certificate(),
                leaf.certificate(), leaf.privateKey());
    }
}
