package dk.certflow.pkcs12;

import dk.certflow.findings.Finding;
import dk.certflow.findings.FindingCode;

import static org.assertj.core.api.Assertions.assertThat;

final class CredentialAssertions {

    private CredentialAssertions() {
    }

    static void assertReadable(Credential credential) {
        assertThat(credential.findings()).as("findings").isEmpty();
        assertThat(credential.readable()).isTrue();
    }

    /** Exactly one finding, of the code, as an error, and its message does not give the password away. */
    static void assertFinding(Credential credential, FindingCode code, String password) {
        assertThat(credential.findings()).extracting(Finding::code).containsExactly(code);
        assertThat(credential.hasErrors()).isTrue();
        Finding finding = credential.findings().get(0);
        assertThat(finding.isError()).isTrue();
        assertThat(finding.message()).isNotBlank();
        if (password != null && !password.isEmpty()) {
            assertThat(finding.message()).doesNotContain(password);
        }
    }
}
