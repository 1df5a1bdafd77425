package dk.certflow.pki;

/** The names and algorithms of a PKI that {@link TestPki} imitates. */
public enum PkiProfile {
    /** OCES3 production: the real root and issuing CA names, RSASSA-PSS. */
    OCES3_PRODUCTION(
            "C=DK, O=Den Danske Stat, CN=Den Danske Stat OCES rod-CA",
            "C=DK, O=Den Danske Stat, CN=Den Danske Stat OCES udstedende-CA 1",
            "ca1.gov.dk", true),
    /** OCES3 test environment: the same names plus {@code OU=Test - cti}. */
    OCES3_TEST(
            "C=DK, O=Den Danske Stat, OU=Test - cti, CN=Den Danske Stat OCES rod-CA",
            "C=DK, O=Den Danske Stat, OU=Test - cti, CN=Den Danske Stat OCES udstedende-CA 1",
            "ca1.cti-gov.dk", true),
    /** The retired OCES2 system-test PKI (TRUST2408), PKCS#1 v1.5 signatures. */
    OCES2_SYSTEMTEST(
            "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest VII Primary CA",
            "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest XXXIV CA",
            "crl.systemtest34.trust2408.com", false);

    private final String rootName;
    private final String issuingName;
    private final String host;
    private final boolean pss;

    PkiProfile(String rootName, String issuingName, String host, boolean pss) {
        this.rootName = rootName;
        this.issuingName = issuingName;
        this.host = host;
        this.pss = pss;
    }

    public String rootName() {
        return rootName;
    }

    public String issuingName() {
        return issuingName;
    }

    /** Host name used in AIA and CRL URLs. */
    public String host() {
        return host;
    }

    public boolean isOces2() {
        return this == OCES2_SYSTEMTEST;
    }

    String caSignatureAlgorithm() {
        return pss ? "SHA512withRSAandMGF1" : "SHA256withRSA";
    }

    String leafSignatureAlgorithm() {
        return pss ? "SHA256withRSAandMGF1" : "SHA256withRSA";
    }
}
