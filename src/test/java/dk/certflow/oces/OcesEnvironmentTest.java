package dk.certflow.oces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class OcesEnvironmentTest {

    @Test
    void parsesIgnoringCase() {
        assertThat(OcesEnvironment.parse("Production")).isEqualTo(OcesEnvironment.PRODUCTION);
        assertThat(OcesEnvironment.parse("TEST")).isEqualTo(OcesEnvironment.TEST);
        assertThat(OcesEnvironment.parse("any")).isEqualTo(OcesEnvironment.ANY);
    }

    @Test
    void rejectsUnknownNamesClearly() {
        assertThatIllegalArgumentException().isThrownBy(() -> OcesEnvironment.parse("prod"))
                .withMessageContaining("'prod'").withMessageContaining("production, test or any");
        assertThatIllegalArgumentException().isThrownBy(() -> OcesEnvironment.parse(null));
    }

    @Test
    void hasLowerCaseJsonNames() {
        assertThat(OcesEnvironment.PRODUCTION.jsonName()).isEqualTo("production");
        assertThat(OcesEnvironment.ANY.jsonName()).isEqualTo("any");
    }
}
