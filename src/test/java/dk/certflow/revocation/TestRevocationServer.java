package dk.certflow.revocation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dk.certflow.pki.IssuedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An OCSP responder and a CRL server on loopback for one issuing CA, built with BouncyCastle: each can be stopped
 * (connection refused), answers can be signed by another key or a delegated responder, and dated stale.
 */
public final class TestRevocationServer implements AutoCloseable {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private record Revoked(Instant at, int reason) {
    }

    private final IssuedCertificate issuing;
    private final Map<BigInteger, Revoked> revoked = new ConcurrentHashMap<>();
    private final Map<BigInteger, Boolean> unknown = new ConcurrentHashMap<>();
    private final HttpServer ocsp;
    private final HttpServer crl;
    private final AtomicInteger ocspRequests = new AtomicInteger();
    private final AtomicInteger crlRequests = new AtomicInteger();
    private volatile PrivateKey signingKey;
    private volatile X509Certificate responderCertificate;
    private volatile Duration thisUpdateAgo = Duration.ofMinutes(1);
    private volatile Duration nextUpdateIn = Duration.ofHours(1);
    private volatile boolean ocspUp = true;

    public TestRevocationServer(IssuedCertificate issuing) throws IOException {
        this.issuing = issuing;
        this.signingKey = issuing.privateKey();
        this.ocsp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.crl = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ocsp.createContext("/ocsp", this::answerOcsp);
        crl.createContext("/issuing.crl", this::answerCrl);
        ocsp.start();
        crl.start();
    }

    public String ocspUrl() {
        return "http://127.0.0.1:" + ocsp.getAddress().getPort() + "/ocsp";
    }

    public String crlUrl() {
        return "http://127.0.0.1:" + crl.getAddress().getPort() + "/issuing.crl";
    }

    public void revoke(X509Certificate certificate, Instant at, int reason) {
        revoked.put(certificate.getSerialNumber(), new Revoked(at, reason));
    }

    /** The responder answers "unknown" for this certificate. */
    public void unknown(X509Certificate certificate) {
        unknown.put(certificate.getSerialNumber(), true);
    }

    /** Stops the OCSP responder for good: connections are refused. */
    public void stopOcsp() {
        ocspUp = false;
        ocsp.stop(0);
    }

    public void stopCrl() {
        crl.stop(0);
    }

    /** Signs OCSP answers with this key (e.g. a wrong one), including {@code certificate} when not null. */
    public void signWith(PrivateKey key, X509Certificate certificate) {
        this.signingKey = key;
        this.responderCertificate = certificate;
    }

    /** Dates answers (OCSP and CRL) so: thisUpdate that long ago, nextUpdate that far ahead (negative: passed). */
    public void dating(Duration thisUpdateAgo, Duration nextUpdateIn) {
        this.thisUpdateAgo = thisUpdateAgo;
        this.nextUpdateIn = nextUpdateIn;
    }

    public int ocspRequests() {
        return ocspRequests.get();
    }

    public int crlRequests() {
        return crlRequests.get();
    }

    /** A responder certificate issued by {@code issuing} for {@code keys}, with id-kp-OCSPSigning when {@code ocspSigning}. */
    public static X509Certificate responderCertificate(IssuedCertificate issuing, KeyPair keys, boolean ocspSigning) throws Exception {
        Instant now = Instant.now();
        org.bouncycastle.cert.X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(issuing.certificate().getSubjectX500Principal().getEncoded()),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("CN=Test OCSP responder,O=Den Danske Stat,C=DK"), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (ocspSigning) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer(issuing.privateKey())));
    }

    private void answerOcsp(HttpExchange exchange) throws IOException {
        ocspRequests.incrementAndGet();
        try (exchange) {
            if (!ocspUp) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            OCSPReq request = new OCSPReq(exchange.getRequestBody().readAllBytes());
            X509Certificate signerCertificate = responderCertificate != null ? responderCertificate : issuing.certificate();
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(
                    new JcaX509CertificateHolder(signerCertificate).getSubject()));
            Instant now = Instant.now();
            for (Req one : request.getRequestList()) {
                BigInteger serial = one.getCertID().getSerialNumber();
                Revoked r = revoked.get(serial);
                CertificateStatus status = r != null ? new RevokedStatus(Date.from(r.at()), r.reason())
                        : unknown.containsKey(serial) ? new UnknownStatus() : CertificateStatus.GOOD;
                builder.addResponse(one.getCertID(), status, Date.from(now.minus(thisUpdateAgo)), Date.from(now.plus(nextUpdateIn)));
            }
            X509CertificateHolder[] chain = responderCertificate == null ? null
                    : new X509CertificateHolder[] {new JcaX509CertificateHolder(responderCertificate)};
            byte[] body = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                    builder.build(signer(signingKey), chain, Date.from(now))).getEncoded();
            send(exchange, "application/ocsp-response", body);
        } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private void answerCrl(HttpExchange exchange) throws IOException {
        crlRequests.incrementAndGet();
        try (exchange) {
            Instant now = Instant.now();
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(issuing.certificate().getSubjectX500Principal().getEncoded()), Date.from(now.minus(thisUpdateAgo)));
            builder.setNextUpdate(Date.from(now.plus(nextUpdateIn)));
            revoked.forEach((serial, r) -> builder.addCRLEntry(serial, Date.from(r.at()), r.reason()));
            send(exchange, "application/pkix-crl", builder.build(signer(issuing.privateKey())).getEncoded());
        } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws Exception {
        return new JcaContentSignerBuilder("SHA256withRSA").setProvider(BC).build(key);
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        ocsp.stop(0);
        crl.stop(0);
    }
}
