package dk.certflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import dk.certflow.config.Secret;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    private static final String TOKEN = "9c1f0e7d2b4a68355e0f";
    private final AccessToken token = AccessToken.of(Secret.of(TOKEN));

    @Test
    void withoutATokenNothingIsAskedAndNothingIsAccepted() {
        AccessToken none = AccessToken.of(Secret.none());
        assertThat(none.required()).isFalse();
        assertThat(none.accepts("")).isFalse();
        assertThat(none.acceptsAuthorization("Bearer ")).isFalse();
        assertThat(none.acceptsCookie(null)).isFalse();
    }

    @Test
    void theBearerHeaderCarriesExactlyTheToken() {
        assertThat(token.required()).isTrue();
        assertThat(token.acceptsAuthorization("Bearer " + TOKEN)).isTrue();
        assertThat(token.acceptsAuthorization("bearer " + TOKEN)).as("the scheme is case-insensitive").isTrue();
        assertThat(token.acceptsAuthorization("Bearer " + TOKEN + "0")).isFalse();
        assertThat(token.acceptsAuthorization("Bearer " + TOKEN.substring(1))).isFalse();
        assertThat(token.acceptsAuthorization("Bearer " + TOKEN.toUpperCase())).isFalse();
        assertThat(token.acceptsAuthorization("Basic " + TOKEN)).isFalse();
        assertThat(token.acceptsAuthorization(TOKEN)).isFalse();
        assertThat(token.acceptsAuthorization(null)).isFalse();
        assertThat(token.accepts(TOKEN)).isTrue();
        assertThat(token.accepts(null)).isFalse();
    }

    @Test
    void theCookieIsDerivedFromTheTokenAndIsNotTheToken() {
        assertThat(token.cookieValue()).isNotBlank().doesNotContain(TOKEN).matches("[A-Za-z0-9_-]+");
        assertThat(token.acceptsCookie(token.cookieValue())).isTrue();
        assertThat(token.acceptsCookie(TOKEN)).isFalse();
        assertThat(AccessToken.of(Secret.of(TOKEN + "x")).cookieValue()).isNotEqualTo(token.cookieValue());
        assertThat(token.toString()).doesNotContain(TOKEN);
    }
}
