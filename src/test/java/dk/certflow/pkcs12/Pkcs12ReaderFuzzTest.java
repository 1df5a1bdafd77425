package dk.certflow.pkcs12;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dk.certflow.findings.FindingCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the PKCS#12 path of {@link CredentialReader} with the default limits. The reader promises never to throw
 * for bad input: whatever it gets, it returns a credential or its own refusal with a finding. Anything it throws
 * propagates, and Jazzer reports it. Seeds: {@code Pkcs12ReaderFuzzTestInputs/<method>/}, written by
 * {@code src/test/fuzz/make-seeds.sh}.
 */
class Pkcs12ReaderFuzzTest {

    /** The password of the openssl and keytool seeds. */
    private static final char[] SEED_PASSWORD = "fuzz-pass".toCharArray();

    private final CredentialReader reader = new CredentialReader(Pkcs12Limits.defaults());

    /** The whole input is the file, opened with the seeds' password, so mutations reach past the MAC and decryption. */
    @FuzzTest(maxDuration = "")
    void readWithFixedPassword(byte[] content) {
        FuzzAssertions.assertResultOrRefusal(reader.read(content, "fuzz.p12", SEED_PASSWORD.clone()));
    }

    /**
     * The first byte is the length of the password (255: no password at all), the next bytes its UTF-8 text, the
     * rest the file: this reaches the empty-password and non-ASCII password forms.
     */
    @FuzzTest(maxDuration = "")
    void readWithPasswordFromInput(byte[] input) {
        char[] password = null;
        int offset = 0;
        if (input.length > 0) {
            int length = input[0] & 0xff;
            offset = 1;
            if (length != 255) {
                int end = Math.min(input.length, 1 + length);
                password = new String(input, 1, end - 1, StandardCharsets.UTF_8).toCharArray();
                offset = end;
            }
        }
        byte[] content = Arrays.copyOfRange(input, offset, input.length);
        FuzzAssertions.assertResultOrRefusal(reader.read(content, "fuzz.p12", password));
    }

    /** Seeds that open cleanly let the fuzzer start deep inside the format, so check that they still do. */
    @Test
    void opensslAndKeytoolSeedsOpenWithTheirPassword() throws Exception {
        Path seeds = Path.of("src/test/resources/dk/certflow/pkcs12/Pkcs12ReaderFuzzTestInputs/readWithFixedPassword");
        Map<String, FindingCode> expectedRefusals = Map.of(
                "openssl-empty-password.p12", FindingCode.PASSWORD_INCORRECT,
                "openssl-certificates-only.p12", FindingCode.NO_PRIVATE_KEY,
                "kombit-sp-devtest4-demoklient-sf0101-1.p12", FindingCode.PASSWORD_INCORRECT);
        try (var files = Files.list(seeds)) {
            // the seeds only: the folder also holds inputs the fuzzer found, which are broken on purpose
            for (Path seed : files.filter(f -> f.getFileName().toString().matches("(openssl|keytool|kombit)-.*\\.p12")).toList()) {
                String name = seed.getFileName().toString();
                Credential credential = reader.read(seed, SEED_PASSWORD.clone());
                if (expectedRefusals.containsKey(name)) {
                    assertThat(credential.findings()).as(name).extracting(f -> f.code()).contains(expectedRefusals.get(name));
                } else {
                    assertThat(credential.readable()).as(name + ": " + credential).isTrue();
                    assertThat(credential.privateKey()).as(name).isNotNull();
                }
            }
        }
    }
}
