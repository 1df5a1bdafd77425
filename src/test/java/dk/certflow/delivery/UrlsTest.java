package dk.certflow.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlsTest {

    @ParameterizedTest
    @CsvSource({
        "https://wz.example,       /auth-profiles/CVR/certificate, https://wz.example/auth-profiles/CVR/certificate",
        "https://wz.example/,      /auth-profiles/CVR/certificate, https://wz.example/auth-profiles/CVR/certificate",
        "https://wz.example/api,   auth-profiles/CVR/certificate,  https://wz.example/api/auth-profiles/CVR/certificate",
        "https://wz.example/api//, /auth-profiles/CVR/certificate, https://wz.example/api/auth-profiles/CVR/certificate"})
    void joinsWithExactlyOneSlash(String base, String path, String expected) {
        assertThat(Urls.join(URI.create(base), path)).isEqualTo(URI.create(expected));
    }

    @Test
    void encodesAProfileAsOnePathSegment() {
        assertThat(Urls.pathSegment("Min Profil/x+y?æ")).isEqualTo("Min%20Profil%2Fx%2By%3F%C3%A6");
    }

    @Test
    void endpointsMustBeAbsoluteHttpUrls() {
        assertThatThrownBy(() -> Urls.requireHttp(URI.create("ftp://host/x"), "URL"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Urls.requireHttp(URI.create("/relative"), "URL"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Urls.requireHttp(URI.create("HTTPS://host/x"), "URL")).hasHost("host");
    }
}
