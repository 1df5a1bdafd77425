package dk.certflow.findings;

/** How bad a finding is. A certificate with any ERROR finding is not valid. */
public enum Severity {
    ERROR, WARNING, INFO
}
