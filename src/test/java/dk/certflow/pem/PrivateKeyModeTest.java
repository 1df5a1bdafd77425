package dk.certflow.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivateKeyModeTest {

    @ParameterizedTest
    @CsvSource({"encrypted,ENCRYPTED", "PLAIN,PLAIN", "' None ',NONE", "Encrypted,ENCRYPTED"})
    void parsesIgnoringCase(String text, PrivateKeyMode expected) {
        assertThat(PrivateKeyMode.parse(text)).isEqualTo(expected);
    }

    @Test
    void namesAreLowerCase() {
        assertThat(PrivateKeyMode.ENCRYPTED.configName()).isEqualTo("encrypted");
        assertThat(PrivateKeyMode.allowedValues()).isEqualTo("encrypted, plain, none");
    }

    @Test
    void refusesUnknownValuesNamingTheAllowedOnes() {
        for (String text : new String[] {"pkcs8", "", null}) {
            assertThatThrownBy(() -> PrivateKeyMode.parse(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("encrypted, plain, none");
        }
    }
}
