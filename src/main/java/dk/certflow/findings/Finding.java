package dk.certflow.findings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collection;
import java.util.Objects;

/**
 * One observation about a dropped file: a stable code, a severity and a human message; and, where the code's usual
 * remedy does not fit this case, a remedy of its own.
 */
public record Finding(FindingCode code, Severity severity, String message, @JsonIgnore String ownRemedy) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public Finding(FindingCode code, Severity severity, String message) {
        this(code, severity, message, null);
    }

    /** The same finding with a remedy that fits it better than its code's usual one. */
    public Finding withRemedy(String remedy) {
        return new Finding(code, severity, message, remedy);
    }

    /** What to do about it, in the words of the reader's own means (sidecar and configuration, or command options). */
    public String remedy(Audience audience) {
        return ownRemedy != null ? ownRemedy : code.remedy(audience);
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
