package dk.certflow.oces;

import java.util.Objects;

/**
 * What the judge requires of a certificate.
 *
 * @param environment   which OCES3 PKI the certificate must chain to
 * @param expectedCvr   the organisation's CVR number, or {@code null} (or blank) to accept any organisation
 * @param minDaysLeft   fewer days of validity left is an ERROR
 * @param warnDaysLeft  fewer days of validity left is a WARNING
 * @param minRsaBits    smaller RSA keys are an ERROR
 */
public record JudgeSettings(OcesEnvironment environment, String expectedCvr, int minDaysLeft, int warnDaysLeft,
        int minRsaBits) {

    public JudgeSettings {
        Objects.requireNonNull(environment, "environment");
        expectedCvr = expectedCvr == null || expectedCvr.isBlank() ? null : expectedCvr.trim();
        if (minDaysLeft < 0 || warnDaysLeft < 0) {
            throw new IllegalArgumentException("Days left must not be negative");
        }
        if (minRsaBits <= 0) {
            throw new IllegalArgumentException("min RSA bits must be positive");
        }
    }

    public static JudgeSettings defaults() {
        return new JudgeSettings(OcesEnvironment.ANY, null, 14, 60, 3072);
    }

    public JudgeSettings withEnvironment(OcesEnvironment environment) {
        return new JudgeSettings(environment, expectedCvr, minDaysLeft, warnDaysLeft, minRsaBits);
    }

    public JudgeSettings withExpectedCvr(String expectedCvr) {
        return new JudgeSettings(environment, expectedCvr, minDaysLeft, warnDaysLeft, minRsaBits);
    }
}
