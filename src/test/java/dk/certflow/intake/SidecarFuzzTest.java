package dk.certflow.intake;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the sidecar parser and everything the intake asks of a parsed sidecar. The declared IOException is the
 * parser's refusal; anything else propagates and Jazzer reports it.
 */
class SidecarFuzzTest {

    @FuzzTest(maxDuration = "")
    void parse(byte[] content) throws IOException {
        Sidecar sidecar;
        try {
            sidecar = Sidecar.parse(content);
        } catch (IOException refused) {
            return;
        }
        List<String> ips = sidecar.ips();
        assertThat(ips).allSatisfy(ip -> assertThat(ip).isNotBlank().doesNotContain(","));
        assertThat(sidecar.unknownKeys()).doesNotContainAnyElementsOf(Sidecar.KEYS);
        sidecar.profile();
        sidecar.cvr();
        sidecar.system();
        sidecar.environment();

        // the kept copy is itself a sidecar: the password key at most, never its value; the kept keys as they were
        String redacted = sidecar.redacted();
        Sidecar kept = Sidecar.parse(redacted.getBytes(StandardCharsets.UTF_8));
        assertThat(kept.password() == null || kept.password().length == 0).as("password kept in %s", redacted).isTrue();
        // a backslash-u escape can make a lone surrogate, which no UTF-8 file holds (it is written as '?')
        if (StandardCharsets.UTF_8.newEncoder().canEncode(redacted)) {
            assertThat(kept.profile()).isEqualTo(sidecar.profile());
            assertThat(kept.ips()).isEqualTo(ips);
            assertThat(kept.unknownKeys()).isEqualTo(sidecar.unknownKeys());
        }

        sidecar.clear();
        assertThat(sidecar.password()).isNull();
    }
}
