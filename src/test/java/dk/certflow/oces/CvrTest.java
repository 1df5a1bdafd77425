package dk.certflow.oces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CvrTest {

    @ParameterizedTest
    @ValueSource(strings = {"19552101", "19435075", "34051178"})
    void acceptsRealCvrNumbers(String cvr) {
        assertThat(Cvr.isValid(cvr)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678", "19552102", "1955210", "195521011", "1955210a", "", " 19552101"})
    void rejectsBadCvrNumbers(String cvr) {
        assertThat(Cvr.isValid(cvr)).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThat(Cvr.isValid(null)).isFalse();
    }
}
