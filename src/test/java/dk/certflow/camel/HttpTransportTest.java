package dk.certflow.camel;

import static org.assertj.core.api.Assertions.assertThat;


import dk.certflow.config.Settings;
import dk.certflow.config.TestSettings;
import java.nio.file.Path;


import java.util.Set;
import org.apache.camel.component.http.CamelProxyRoutePlanner;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** certflow.http.* as Camel's http and https components get it. */
class HttpTransportTest {

    @TempDir
    Path temp;

    @Test
    void theProxyIsSpokenToInPlainHttpAndNoProxySuffixesBecomeCamelWildcards() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            HttpTransport.configure(context, settings("certflow.http.proxy", "http://proxy.example:3128",
                    "certflow.http.proxy-user", "svc", "certflow.http.proxy-password", "pw",
                    "certflow.http.no-proxy", "localhost,.corp.example"));
            for (String scheme : new String[] {"http", "https"}) {
                HttpComponent component = context.getComponent(scheme, HttpComponent.class);
                assertThat(component.getProxyHost()).isEqualTo("proxy.example");
                assertThat(component.getProxyPort()).isEqualTo(3128);
                assertThat(component.getProxyAuthScheme()).isEqualTo("http");
                assertThat(component.getNonProxyHosts()).isEqualTo("localhost,*.corp.example");
                assertThat(component.isAutomaticRetriesDisabled()).isTrue();
                assertThat(component.getSslContextParameters()).isNull();
            }
            // what Camel's route planner makes of that list
            CamelProxyRoutePlanner planner = new CamelProxyRoutePlanner(new HttpHost("http", "proxy.example", 3128),
                    Set.of(context.getComponent("https", HttpComponent.class).getNonProxyHosts().split(",")));
            assertThat(planner.determineRoute(new HttpHost("https", "wz.corp.example", 443), HttpClientContext.create()).getProxyHost()).isNull();
            assertThat(planner.determineRoute(new HttpHost("https", "localhost", 443), HttpClientContext.create()).getProxyHost()).isNull();
            HttpRoute outside = planner.determineRoute(new HttpHost("https", "corp.example.evil", 443), HttpClientContext.create());
            assertThat(outside.getProxyHost()).isEqualTo(new HttpHost("http", "proxy.example", 3128));
        }
    }

    private Settings settings(String... keyValues) {
        return TestSettings.with(temp, keyValues);
    }
}
