package dk.certflow.inspect;

import dk.certflow.findings.Finding;
import dk.certflow.oces.CertificateFacts;
import java.util.List;

/** The JSON shape of {@code inspect --json} and of reason.json: {file, valid, findings, certificate}. */
public record InspectionReport(String file, boolean valid, List<Finding> findings, CertificateFacts certificate) {

    public static InspectionReport of(Inspection inspection) {
        return new InspectionReport(inspection.file(), inspection.valid(), inspection.findings(), inspection.facts());
    }
}
