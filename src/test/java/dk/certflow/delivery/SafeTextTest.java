package dk.certflow.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void makesOneLineWithoutControlCharacters() {
        assertThat(SafeText.clean("line one\r\n\tline\u0000two\u2028three\u202e")).isEqualTo("line one line two three");
    }

    @Test
    void keepsTheFirstTwoHundredCharacters() {
        String cleaned = SafeText.clean("ø".repeat(500));

        assertThat(cleaned).isEqualTo("ø".repeat(SafeText.MAX_CHARS) + "…");
    }

    @Test
    void masksSecretsBeforeCuttingSoNoPrefixSurvives() {
        String secret = "VerySecretPassword";
        String text = "x".repeat(SafeText.MAX_CHARS - 5) + secret;

        String cleaned = SafeText.clean(text, secret);

        assertThat(cleaned).endsWith("***").doesNotContain("VeryS");
    }

    @Test
    void masksTheFormEncodedSpellingToo() {
        assertThat(SafeText.clean("got client_secret=a+b%26%C3%B8", "a b&ø")).isEqualTo("got client_secret=***");
    }

    /** The PFX password echoed back in a JSON or HTML error body, escaped as the server's library escapes it. */
    @Test
    void masksTheSpellingsOfJsonAndHtmlEchoesToo() {
        String password = "K\u00f8dp\u00e5l\u00e6g \"1\"";
        assertThat(SafeText.clean("{\"password\":\"K\\u00f8dp\\u00e5l\\u00e6g \\\"1\\\"\"}", password)).isEqualTo("{\"password\":\"***\"}");
        assertThat(SafeText.clean("{\"password\":\"K\\u00F8dp\\u00E5l\\u00E6g \\\"1\\\"\"}", password)).isEqualTo("{\"password\":\"***\"}");
        assertThat(SafeText.clean("{\"password\":\"K\u00f8dp\u00e5l\u00e6g \\\"1\\\"\"}", password)).isEqualTo("{\"password\":\"***\"}");
        assertThat(SafeText.clean("<p>K&#248;dp&#229;l&#230;g &#34;1&#34;</p>", password)).isEqualTo("<p>***</p>");
        assertThat(SafeText.clean("<p>K&#xf8;dp&#xe5;l&#xe6;g &#x22;1&#x22;</p>", password)).isEqualTo("<p>***</p>");
    }

    @Test
    void nullAndNullSecretsAreHarmless() {
        assertThat(SafeText.clean((String) null)).isEmpty();
        assertThat(SafeText.clean("plain", (String) null, "")).isEqualTo("plain");
    }
}
