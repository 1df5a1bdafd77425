package dk.certflow.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {

    private static Values of(String value) {
        return new Values(Map.of("certflow.x", value));
    }

    @Test
    void readsShortAndIsoDurations() {
        assertThat(of("500ms").duration("certflow.x")).isEqualTo(Duration.ofMillis(500));
        assertThat(of("72h").duration("certflow.x")).isEqualTo(Duration.ofHours(72));
        assertThat(of("PT30S").duration("certflow.x")).isEqualTo(Duration.ofSeconds(30));
    }

    /** Found by fuzzing: these used to escape as NumberFormatException and ArithmeticException. */
    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "106751991167301d", "9223372036854775807m"})
    void refusesDurationsBeyondWhatADurationHolds(String value) {
        assertThatThrownBy(() -> of(value).duration("certflow.x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("certflow.x: '" + value + "'");
    }
}
