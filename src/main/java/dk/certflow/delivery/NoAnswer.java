package dk.certflow.delivery;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A call that got no HTTP answer: a timeout, a refused connection, a failed TLS handshake. Always worth another try
 * (the outbox keeps the delivery), and described in one line that says what to do. A TLS failure names the host
 * and the setting that fixes it, since no retry can.
 */
public final class NoAnswer {

    private NoAnswer() {
    }

    public static DeliveryResult result(Throwable failure, URI target, String... secrets) {
        return new DeliveryResult(DeliveryResult.Outcome.RETRY, 0, describe(failure, target, secrets));
    }

    /** One line, safe to log: {@code secrets} are masked wherever a message might echo them. */
    public static String describe(Throwable failure, URI target, String... secrets) {
        String host = target == null ? "the server" : target.getHost() + (target.getPort() > 0 ? ":" + target.getPort() : "");
        String detail = SafeText.clean(innermostMessage(failure), secrets);
        String tls = tls(failure, host);
        if (tls != null) {
            return tls + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
        if (target != null && "https".equalsIgnoreCase(target.getScheme()) && closedDuringRequest(failure)) {
            // with TLS 1.3 a server that wants a client certificate closes the connection after the handshake,
            // so the client sees a broken connection rather than a TLS alert
            return "TLS to " + host + ": the connection was closed during the request; if the server demands a client"
                    + " certificate, set certflow.http.client-certificate (" + failure.getClass().getSimpleName()
                    + (detail.isEmpty() ? "" : ": " + detail) + ")";
        }
        String kind;
        if (has(failure, SocketTimeoutException.class)) {
            kind = "timed out waiting for " + host;
        } else if (has(failure, UnknownHostException.class)) {
            kind = "unknown host " + host;
        } else if (has(failure, ConnectException.class)) {
            kind = "connection to " + host + " failed";
        } else {
            kind = "no answer from " + host;
        }
        return kind + " (" + failure.getClass().getSimpleName() + (detail.isEmpty() ? "" : ": " + detail) + ")";
    }

    private static String tls(Throwable failure, String host) {
        if (!has(failure, SSLException.class)) {
            return null;
        }
        String all = messages(failure).toLowerCase(Locale.ROOT);
        if (has(failure, CertPathBuilderException.class) || has(failure, CertPathValidatorException.class)
                || all.contains("pkix path") || all.contains("unable to find valid certification path")) {
            return "TLS to " + host + " failed: its certificate is not signed by a trusted CA;"
                    + " put that CA (PEM) in certflow.http.trust-ca-file";
        }
        if (has(failure, SSLPeerUnverifiedException.class) || all.contains("subject alternative name")
                || all.contains("doesn't match") || all.contains("no name matching")) {
            return "TLS to " + host + " failed: its certificate is not issued to that name;"
                    + " use the host name the certificate names in the URL";
        }
        if (all.contains("certificate_required") || all.contains("bad_certificate") || all.contains("unknown_ca")
                || all.contains("certificate_unknown") || all.contains("access_denied")) {
            return "TLS to " + host + " failed: it refused certflow's client certificate or wants one;"
                    + " set certflow.http.client-certificate (PKCS#12) and its password";
        }
        if (has(failure, CertificateException.class)) {
            return "TLS to " + host + " failed: its certificate was refused; check certflow.http.trust-ca-file";
        }
        return "TLS to " + host + " failed; check certflow.http.trust-ca-file and certflow.http.client-certificate";
    }

    private static boolean closedDuringRequest(Throwable failure) {
        String all = messages(failure).toLowerCase(Locale.ROOT);
        return all.contains("broken pipe") || all.contains("connection reset") || all.contains("failed to respond");
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append(' ');
        }
        return all.toString();
    }

    private static String innermostMessage(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
