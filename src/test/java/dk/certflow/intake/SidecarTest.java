package dk.certflow.intake;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SidecarTest {

    @Test
    void readsTheKnownKeysAndTakesThePasswordOut() throws IOException {
        Sidecar sidecar = Sidecar.parse("password=fuzz-pass\nprofile=CVR\nip=10.0.0.1, 10.0.0.2\n".getBytes(StandardCharsets.UTF_8));

        assertThat(sidecar.password()).containsExactly("fuzz-pass".toCharArray());
        assertThat(sidecar.profile()).isEqualTo("CVR");
        assertThat(sidecar.ips()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(sidecar.unknownKeys()).isEmpty();
    }

    /** Found by fuzzing: Properties.load throws IllegalArgumentException for it, which escaped the parser. */
    @Test
    void aMalformedUnicodeEscapeIsRefusedAsNotPropertiesFormat() {
        byte[] content = "profile=CVR\\u12\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Sidecar.parse(content))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not in properties format");
    }
}
