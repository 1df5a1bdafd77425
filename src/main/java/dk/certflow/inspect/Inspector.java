package dk.certflow.inspect;

import dk.certflow.findings.Finding;
import dk.certflow.findings.FindingCode;
import dk.certflow.oces.JudgeSettings;
import dk.certflow.oces.Judgement;
import dk.certflow.oces.OcesJudge;
import dk.certflow.pkcs12.Credential;
import dk.certflow.pkcs12.CredentialReader;
import dk.certflow.revocation.Revocation;
import dk.certflow.revocation.RevocationStatus;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a dropped or given file and judges its certificate: the one pipeline behind inspect, convert and the drop folder. */
public final class Inspector {

    private final CredentialReader reader;
    /** Without a trusted issuer no answer can be verified; an expired certificate leaves the CRL, so asking says nothing. */
    private static final Set<FindingCode> NOT_ASKED = Set.of(FindingCode.CHAIN_UNTRUSTED, FindingCode.OCES2_CERTIFICATE,
            FindingCode.EXPIRED, FindingCode.NOT_YET_VALID);

    private final OcesJudge judge;
    private final Revocation revocation;

    /** Without revocation checking. */
    public Inspector(CredentialReader reader, OcesJudge judge) {
        this(reader, judge, Revocation.off());
    }

    public Inspector(CredentialReader reader, OcesJudge judge, Revocation revocation) {
        this.reader = reader;
        this.judge = judge;
        this.revocation = revocation;
    }

    public Inspection inspect(Path file, char[] password, JudgeSettings settings) {
        return judged(file.getFileName().toString(), reader.read(file, password), settings);
    }

    public Inspection inspect(byte[] content, String fileName, char[] password, JudgeSettings settings) {
        return judged(fileName, reader.read(content, fileName, password), settings);
    }

    private Inspection judged(String fileName, Credential credential, JudgeSettings settings) {
        List<Finding> findings = new ArrayList<>(credential.findings());
        Judgement judgement = null;
        RevocationStatus status = null;
        if (credential.leaf() != null) {
            judgement = judge.judge(credential.leaf(), credential.otherCertificates(), settings);
            findings.addAll(judgement.findings());
            List<X509Certificate> chain = judgement.chain();
            if (chain.size() >= 2 && judgement.findings().stream().noneMatch(f -> NOT_ASKED.contains(f.code()))) {
                status = revocation.check(credential.leaf(), chain.get(1)).orElse(null);
                if (status != null) {
                    revocation.finding(status).ifPresent(findings::add);
                }
            }
        }
        return new Inspection(fileName, List.copyOf(findings), credential, judgement, status);
    }
}
