package dk.certflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certflow.http.* keys of CONTRACTS §10: what they accept and how a wrong value is refused. */
class HttpSettingsTest {

    @TempDir
    Path temp;

    @Test
    void defaultsMeanNoProxyAndJavasOwnTrust() {
        Settings.Http http = settings().http();
        assertThat(http.proxied()).isFalse();
        assertThat(http.noProxy()).containsExactly("localhost", "127.0.0.1");
        assertThat(http.trustCaFile()).isNull();
        assertThat(http.clientCertificate()).isNull();
    }

    @Test
    void aProxyWithCredentialsFromAFileAndNoProxySuffixes() throws Exception {
        Path passwordFile = Files.writeString(temp.resolve("proxy.pass"), "p4ss-word\n");
        Settings.Http http = settings("certflow.http.proxy", "http://proxy.example:3128",
                "certflow.http.proxy-user", "svc-certflow",
                "certflow.http.proxy-password-file", passwordFile.toString(),
                "certflow.http.no-proxy", "localhost, .corp.example,10.0.0.7").http();
        assertThat(http.proxy().getHost()).isEqualTo("proxy.example");
        assertThat(http.proxy().getPort()).isEqualTo(3128);
        assertThat(http.proxyPassword().revealAsString()).isEqualTo("p4ss-word");
        assertThat(http.noProxy()).containsExactly("localhost", ".corp.example", "10.0.0.7");
    }

    @Test
    void wrongValuesAreRefusedNamingTheKeyButNeverThePassword() throws Exception {
        Path ca = Files.writeString(temp.resolve("ca.pem"), "");
        for (List<String> wrong : List.of(
                List.of("certflow.http.proxy", "http://proxy.example"),
                List.of("certflow.http.proxy", "https://proxy.example:3128"),
                List.of("certflow.http.proxy", "http://user:secret-in-url@proxy.example:3128"),
                List.of("certflow.http.proxy-user", "svc"),
                List.of("certflow.http.no-proxy", "*.example.org"),
                List.of("certflow.http.trust-ca-file", temp.resolve("missing.pem").toString()),
                List.of("certflow.http.client-certificate", ca.toString()))) {
            assertThatThrownBy(() -> settings(wrong.get(0), wrong.get(1)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(wrong.get(0).startsWith("certflow.http.client-certificate")
                            ? "certflow.http.client-certificate" : wrong.get(0))
                    .hasMessageNotContaining("secret-in-url");
        }
        assertThatThrownBy(() -> settings("certflow.http.proxy", "http://proxy.example:3128", "certflow.http.proxy-user", "svc"))
                .hasMessageContaining("certflow.http.proxy-password");
    }

    private Settings settings(String... keyValues) {
        return TestSettings.with(temp, keyValues);
    }
}
