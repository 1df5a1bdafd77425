package dk.certflow.camel;

import dk.certflow.config.ConfigException;
import dk.certflow.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * How every outgoing HTTP call reaches the network (CONTRACTS §10), set once on Camel's {@code http} and {@code https}
 * components, so each endpoint in the routes gets it: timeouts, the proxy with its Basic credentials and the hosts that
 * bypass it, extra trusted CAs and the client certificate. Credentials live on the components, never in an endpoint
 * URI (which Camel may log).
 */
final class HttpTransport {

    private HttpTransport() {
    }

    static void configure(CamelContext context, Settings settings) {
        Settings.Http http = settings.http();
        SSLContextParameters tls = tls(context, http);
        for (String scheme : List.of("http", "https")) {
            HttpComponent component = context.getComponent(scheme, HttpComponent.class);
            long connect = settings.delivery().connectTimeout().toMillis();
            long answer = settings.delivery().requestTimeout().toMillis();
            component.setConnectTimeout(connect);
            component.setConnectionRequestTimeout(connect);
            component.setResponseTimeout(answer);
            component.setSoTimeout(answer);
            // every attempt is counted and spaced by the outbox; redirects are reported, never followed with the body
            component.setAutomaticRetriesDisabled(true);
            component.setCookieManagementDisabled(true);
            if (http.proxied()) {
                component.setProxyHost(http.proxy().getHost());
                component.setProxyPort(http.proxy().getPort());
                // the proxy itself is spoken to in plain HTTP, for https targets too (they tunnel with CONNECT);
                // left unset, Camel would talk TLS to the proxy for https endpoints
                component.setProxyAuthScheme("http");
                component.setNonProxyHosts(http.noProxy().stream()
                        .map(host -> host.startsWith(".") ? "*" + host : host).collect(Collectors.joining(",")));
                if (http.proxyUser() != null) {
                    component.setProxyAuthMethod("Basic");
                    component.setProxyAuthUsername(http.proxyUser());
                    component.setProxyAuthPassword(http.proxyPassword().revealAsString());
                }
            }
            if (scheme.equals("https") && tls != null) {
                component.setSslContextParameters(tls);
            }
        }
    }

    /** Null when neither extra CAs nor a client certificate are configured: then Java's defaults apply as they are. */
    static SSLContextParameters tls(CamelContext context, Settings.Http http) {
        if (http.trustCaFile() == null && http.clientCertificate() == null) {
            return null;
        }
        SSLContextParameters tls = new SSLContextParameters();
        if (http.trustCaFile() != null) {
            KeyStoreParameters store = new KeyStoreParameters();
            store.setKeyStore(jdkTrustPlus(http));
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store);
            tls.setTrustManagers(trust);
        }
        if (http.clientCertificate() != null) {
            // the operator's own PKCS#12 (not a dropped file), so the JDK's KeyStore reads it
            KeyStoreParameters store = new KeyStoreParameters();
            store.setType("PKCS12");
            store.setResource(http.clientCertificate().toUri().toString());
            store.setPassword(http.clientCertificatePassword().revealAsString());
            KeyManagersParameters keys = new KeyManagersParameters();
            keys.setKeyStore(store);
            keys.setKeyPassword(http.clientCertificatePassword().revealAsString());
            tls.setKeyManagers(keys);
        }
        try {
            tls.createSSLContext(context); // fails the start now rather than the first delivery
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            String what = http.clientCertificate() != null
                    ? "certflow.http.client-certificate: cannot open " + http.clientCertificate() + " as a PKCS#12 with its password"
                    : "certflow.http.trust-ca-file: cannot use the CA certificates in " + http.trustCaFile();
            throw new ConfigException(what + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        return tls;
    }

    /**
     * SSLContextParameters takes one trust store; "in addition to Java's" therefore means a store with the JDK's own
     * trusted CAs plus the operator's.
     */
    private static KeyStore jdkTrustPlus(Settings.Http http) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            int n = 0;
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("jdk-" + n++, ca);
                    }
                }
            }
            Collection<? extends Certificate> extra;
            try (InputStream in = Files.newInputStream(http.trustCaFile())) {
                extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (extra.isEmpty()) {
                throw new ConfigException("certflow.http.trust-ca-file: " + http.trustCaFile() + " holds no PEM certificate");
            }
            for (Certificate ca : extra) {
                store.setCertificateEntry("certflow-" + n++, ca);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("certflow.http.trust-ca-file: cannot read the CA certificates in " + http.trustCaFile()
                    + " (" + e.getMessage() + ")", e);
        }
    }
}
