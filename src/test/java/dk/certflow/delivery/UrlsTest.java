package dk.certflow.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void encodesAProfileAsOnePathSegment() {
        assertThat(Urls.pathSegment("Min Profil/x+y?æ")).isEqualTo("Min%20Profil%2Fx%2By%3F%C3%A6");
    }
}
