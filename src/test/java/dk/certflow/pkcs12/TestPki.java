package dk.certflow.pkcs12;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** A small CA, a leaf it issued and an unrelated self-signed pair, made with openssl in a directory. */
final class TestPki {

    final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    static TestPki create(Path dir) {
        Cli.openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-subj", "/CN=Test CA", "-days", "30");
        Cli.openssl(dir, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
                "-subj", "/CN=Test Leaf");
        Cli.openssl(dir, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", "1001",
                "-days", "30", "-out", "leaf.crt");
        Cli.openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.crt",
                "-subj", "/CN=Other", "-days", "30");
        return new TestPki(dir);
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    X509Certificate certificate(String name) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(path(name))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
