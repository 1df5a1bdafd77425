package dk.certflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** certflow.management.token(-file), CONTRACTS §12: none by default, a usable bearer token when set, never echoed. */
class ManagementTokenSettingsTest {

    @TempDir
    Path temp;

    @Test
    void noTokenByDefault() {
        assertThat(settings().managementToken().isSet()).isFalse();
    }

    @Test
    void theTokenComesFromTheFileFirstLineLikeEveryOtherSecret() throws Exception {
        Path file = Files.writeString(temp.resolve("token"), "f00dfeedcafebabe0123456789abcdef\nignored\n");
        Secret token = settings("certflow.management.token-file", file.toString()).managementToken();
        assertThat(token.revealAsString()).isEqualTo("f00dfeedcafebabe0123456789abcdef");
        assertThat(token.toString()).doesNotContain("f00d");
    }

    @Test
    void aTokenTooShortOrUnfitForAHeaderIsRefusedWithoutShowingIt() {
        for (String wrong : new String[] {"short-secret", "a token with spaces in it", "tøken-with-non-ascii-1234"}) {
            assertThatThrownBy(() -> settings("certflow.management.token", wrong))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("certflow.management.token:")
                    .hasMessageNotContaining(wrong);
        }
        assertThatThrownBy(() -> settings("certflow.management.token", "0123456789abcdef0123",
                "certflow.management.token-file", temp.resolve("token").toString()))
                .hasMessageContaining("not both");
    }

    private Settings settings(String... keyValues) {
        return TestSettings.with(temp, keyValues);
    }
}
