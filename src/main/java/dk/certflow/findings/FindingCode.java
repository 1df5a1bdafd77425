package dk.certflow.findings;

/**
 * The stable finding codes of certflow. Users, scripts and reason.json files rely on these names;
 * the message of a finding is free text, the code is not.
 */
public enum FindingCode {
    UNREADABLE("Check that the file is a PKCS#12 (.p12/.pfx) or a PEM/DER certificate and was copied completely."),
    FILE_TOO_LARGE("A real OCES3 file is a few kilobytes: check the file, or raise certflow.pkcs12.max-file-size."),
    ITERATION_LIMIT("Re-export the file with a normal iteration count, or raise certflow.pkcs12.max-iterations if you trust it."),
    PASSWORD_MISSING("Put the password in the sidecar NAME.properties (password=...), or set certflow.pkcs12.password-file for bundles without one.",
            "Give the password with --password-file FILE or the CERTFLOW_PASSWORD environment variable (or run on a terminal to be asked)."),
    PASSWORD_INCORRECT("Use the password MitID Erhverv showed at download; if it is lost, the certificate must be issued again."),
    NO_PRIVATE_KEY("Export the certificate together with its private key (a .p12 with the key), not the public part only."),
    MULTIPLE_KEYS("Export exactly one certificate with its key into the file."),
    KEY_MISMATCH("The private key belongs to another certificate: export the matching pair again."),
    NO_CERTIFICATE("Export the private key together with its certificate."),
    EXPIRED("Order a new certificate in MitID Erhverv; an expired certificate cannot be used."),
    NOT_YET_VALID("Check the clock of this machine, or wait until the certificate becomes valid."),
    EXPIRES_SOON("Order the renewal in MitID Erhverv now, before the certificate lapses."),
    CHAIN_UNTRUSTED("Use a certificate issued by Den Danske Stat OCES udstedende-CA (OCES3), or check certflow.trust.ca-file.",
            "Use a certificate issued by Den Danske Stat OCES udstedende-CA (OCES3), or check the --ca file."),
    WRONG_ENVIRONMENT("Use a certificate from the right OCES3 environment, or set environment= in the sidecar (production, test or any) or certflow.oces.environment.",
            "Use a certificate from the right OCES3 environment, or give --environment production, test or any."),
    OCES2_CERTIFICATE("OCES2 (TRUST2408) was phased out on 31 October 2023: order an OCES3 organisation certificate in MitID Erhverv."),
    NOT_OCES3("Use an OCES3 organisation (system) certificate from MitID Erhverv."),
    WRONG_CERTIFICATE_TYPE("This is an employee certificate: order an organisation (system) certificate for the integration."),
    WEAK_KEY("Use an RSA key of at least certflow.validation.min-rsa-bits bits (OCES3 uses RSA 3072)."),
    KEY_USAGE("The certificate must allow digitalSignature: use an OCES3 organisation certificate."),
    CVR_INVALID("The certificate carries no valid CVR number (organizationIdentifier NTRDK-<8 digits>): check it is an organisation certificate."),
    CVR_MISMATCH("The certificate belongs to another organisation: check the file, or the sidecar's cvr= and certflow.organisation.cvr.",
            "The certificate belongs to another organisation: check the file, or the CVR given with --expect-cvr."),
    REVOKED("The issuing CA has revoked this certificate: order a new one in MitID Erhverv; a revoked certificate is refused by Datafordeler."),
    REVOCATION_UNKNOWN("Neither the OCSP responder nor the CRL gave a usable answer: check that this host reaches them (certflow.http.proxy, certflow.revocation.ocsp-url), or drop the file again later.",
            "Neither the OCSP responder nor the CRL gave a usable answer: check that this host reaches them (certflow.http.proxy, certflow.revocation.ocsp-url in the --config file), try again later, or give --revocation off to skip the check."),
    ORPHAN_SIDECAR("Drop the certificate file with the same NAME as its sidecar, or remove the sidecar.");

    private final String remedy;
    private final String commandLineRemedy;

    FindingCode(String remedy) {
        this(remedy, remedy);
    }

    FindingCode(String remedy, String commandLineRemedy) {
        this.remedy = remedy;
        this.commandLineRemedy = commandLineRemedy;
    }

    /** One line that tells the person who dropped the file what to do about it (sidecar, configuration). */
    public String remedy() {
        return remedy;
    }

    /** The same for the reader of {@code inspect} or {@code convert}: it names the command's options where there are some. */
    public String remedy(Audience audience) {
        return audience == Audience.COMMAND_LINE ? commandLineRemedy : remedy;
    }
}
