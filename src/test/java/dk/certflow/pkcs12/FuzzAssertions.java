package dk.certflow.pkcs12;

import static org.assertj.core.api.Assertions.assertThat;

/** What the fuzz targets accept from the reader: a usable credential, or a refusal that says why. */
final class FuzzAssertions {

    private FuzzAssertions() {
    }

    static void assertResultOrRefusal(Credential credential) {
        assertThat(credential).isNotNull();
        assertThat(credential.toString()).isNotEmpty(); // logged for every file, so it must not throw either
        if (credential.hasErrors()) {
            assertThat(credential.findings()).isNotEmpty();
            return;
        }
        // a file read without error findings gives what the intake needs next
        assertThat(credential.kind()).isNotEqualTo(Credential.Kind.UNKNOWN);
        assertThat(credential.leaf()).isNotNull();
        if (credential.kind() == Credential.Kind.PKCS12) {
            assertThat(credential.privateKey()).isNotNull();
        }
    }

    static void assertRefusal(ReadProblem refused) {
        assertThat(refused.finding()).isNotNull();
        assertThat(refused.finding().isError()).isTrue();
    }
}
