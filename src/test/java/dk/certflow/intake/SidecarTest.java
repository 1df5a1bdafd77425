package dk.certflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The kept copy of a sidecar holds no value but the known non-secret ones, whatever the dropper typed. */
class SidecarTest {

    private static final String SECRET = "Kødpålæg-Secret-42";

    @Test
    void keepsOnlyTheKnownNonSecretValues() throws Exception {
        Sidecar sidecar = parse("password=" + SECRET + "\n"
                + "pasword=" + SECRET + "\n"
                + "api-secret=" + SECRET + "\n"
                + "profile=CVR kontakter\n"
                + "cvr=19552101\n"
                + "ip=10.0.0.1, 10.0.0.2\n"
                + "system=WorkZone\n"
                + "environment=test\n");

        String kept = sidecar.redacted();

        assertThat(kept).doesNotContain(SECRET);
        Properties props = new Properties();
        props.load(new StringReader(kept));
        assertThat(props).containsEntry("profile", "CVR kontakter").containsEntry("cvr", "19552101")
                .containsEntry("ip", "10.0.0.1, 10.0.0.2").containsEntry("system", "WorkZone").containsEntry("environment", "test")
                .containsEntry("password", "").containsEntry("pasword", "").containsEntry("api-secret", "")
                .hasSize(8);
        assertThat(sidecar.password()).containsExactly(SECRET.toCharArray());
    }

    @Test
    void aLineThatIsNoKeyValuePairIsLeftOutWholeAndNeverNamed() throws Exception {
        // an operator who wrote just the password into the sidecar: properties syntax reads it as a key
        Sidecar sidecar = parse(SECRET + "\nprofile=CVR\nHunter2 secret words\n");

        assertThat(sidecar.redacted()).doesNotContain(SECRET).doesNotContain("Hunter2").doesNotContain("secret words")
                .contains("profile=CVR").contains("2 lines without key=value left out");
        assertThat(sidecar.unknownKeys()).isEmpty();
        assertThat(sidecar.unknownKeyHints()).isEmpty();
    }

    @Test
    void namesUnknownKeysWithTheKnownKeyTheyProbablyMeant() throws Exception {
        Sidecar sidecar = parse("pasword=" + SECRET + "\nProfil=CVR\napi-secret=x\n");

        assertThat(sidecar.unknownKeyHints()).containsExactly("Profil (did you mean profile?)", "api-secret",
                "pasword (did you mean password?)");
        assertThat(sidecar.password()).isNull();
    }

    private static Sidecar parse(String text) throws Exception {
        return Sidecar.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Found by fuzzing: Properties.load throws IllegalArgumentException for it, which escaped the parser. */
    @Test
    void aMalformedUnicodeEscapeIsRefusedAsNotPropertiesFormat() {
        byte[] content = "profile=CVR\\u12\n".getBytes(StandardCharsets.UTF_8);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sidecar.parse(content))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("not in properties format");
    }
}
