package dk.certflow.inspect;

import dk.certflow.findings.Finding;
import dk.certflow.oces.JudgeSettings;
import dk.certflow.oces.Judgement;
import dk.certflow.oces.OcesJudge;
import dk.certflow.pkcs12.Credential;
import dk.certflow.pkcs12.CredentialReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a dropped or given file and judges its certificate: the one pipeline behind inspect, convert and the drop folder. */
public final class Inspector {

    private final CredentialReader reader;
    private final OcesJudge judge;

    public Inspector(CredentialReader reader, OcesJudge judge) {
        this.reader = reader;
        this.judge = judge;
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
        if (credential.leaf() != null) {
            judgement = judge.judge(credential.leaf(), credential.otherCertificates(), settings);
            findings.addAll(judgement.findings());
        }
        return new Inspection(fileName, List.copyOf(findings), credential, judgement);
    }
}
