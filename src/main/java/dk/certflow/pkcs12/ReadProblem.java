package dk.certflow.pkcs12;

import dk.certflow.findings.Finding;
import dk.certflow.findings.FindingCode;

/** Stops reading a file; carries the finding to report. */
final class ReadProblem extends Exception {

    private final transient Finding finding;

    ReadProblem(FindingCode code, String message) {
        super(message, null, false, false);
        this.finding = Finding.error(code, message);
    }

    ReadProblem(Finding finding) {
        super(finding.message(), null, false, false);
        this.finding = finding;
    }

    Finding finding() {
        return finding;
    }
}
