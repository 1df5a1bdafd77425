package dk.certflow.findings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collection;
import java.util.Objects;

/** One observation about a dropped file: a stable code, a severity and a human message. */
public record Finding(FindingCode code, Severity severity, String message) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Finding error(FindingCode code, String message) {
        return new Finding(code, Severity.ERROR, message);
    }

    public static Finding warning(FindingCode code, String message) {
        return new Finding(code, Severity.WARNING, message);
    }

    public static Finding info(FindingCode code, String message) {
        return new Finding(code, Severity.INFO, message);
    }

    @JsonIgnore
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public static boolean anyError(Collection<Finding> findings) {
        return findings.stream().anyMatch(Finding::isError);
    }
}
