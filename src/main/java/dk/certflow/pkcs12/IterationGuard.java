package dk.certflow.pkcs12;

import dk.certflow.findings.FindingCode;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PBMAC1Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

import java.math.BigInteger;
import java.util.Set;

/**
 * Checks the iteration counts a PKCS#12 file declares before any key is derived from them, so that a file
 * declaring billions of iterations, or thousands of keys, is refused at once instead of tying up a CPU.
 */
final class IterationGuard {

    private static final Set<ASN1ObjectIdentifier> PBES1 = Set.of(
            PKCSObjectIdentifiers.pbeWithMD2AndDES_CBC,
            PKCSObjectIdentifiers.pbeWithMD2AndRC2_CBC,
            PKCSObjectIdentifiers.pbeWithMD5AndDES_CBC,
            PKCSObjectIdentifiers.pbeWithMD5AndRC2_CBC,
            PKCSObjectIdentifiers.pbeWithSHA1AndDES_CBC,
            PKCSObjectIdentifiers.pbeWithSHA1AndRC2_CBC);

    /**
     * A real file derives three keys (MAC, certificates, private key); a hostile one could declare thousands of
     * encrypted keys, each under the limit. The sum over one file may be this many times the limit.
     */
    static final int FILE_BUDGET_TIMES_LIMIT = 4;

    private final BigInteger max;
    private final BigInteger maxTotal;
    private BigInteger total = BigInteger.ZERO;

    /** One guard per file: it counts the iterations the file declares in all. */
    IterationGuard(int maxIterations) {
        this.max = BigInteger.valueOf(maxIterations);
        this.maxTotal = max.multiply(BigInteger.valueOf(FILE_BUDGET_TIMES_LIMIT));
    }

    void checkMac(MacData mac) throws ReadProblem {
        AlgorithmIdentifier algorithm = mac.getMac().getAlgorithmId();
        if (PKCSObjectIdentifiers.id_PBMAC1.equals(algorithm.getAlgorithm())) {
            // PBMAC1 ignores MacData.iterations; the real count sits in its PBKDF2 parameters
            checkKeyDerivation(PBMAC1Params.getInstance(algorithm.getParameters()).getKeyDerivationFunc(), "MAC");
        } else {
            check(mac.getIterationCount(), "MAC");
        }
    }

    /** Checks a password-based encryption algorithm of an encrypted content or a shrouded key. */
    void checkEncryption(AlgorithmIdentifier algorithm, String what) throws ReadProblem {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.on(PKCSObjectIdentifiers.pkcs_12PbeIds)) {
            check(PKCS12PBEParams.getInstance(algorithm.getParameters()).getIterations(), what);
        } else if (PKCSObjectIdentifiers.id_PBES2.equals(oid)) {
            checkKeyDerivation(AlgorithmIdentifier.getInstance(
                    PBES2Parameters.getInstance(algorithm.getParameters()).getKeyDerivationFunc()), what);
        } else if (PBES1.contains(oid)) {
            check(PBEParameter.getInstance(algorithm.getParameters()).getIterationCount(), what);
        } else {
            throw new ReadProblem(FindingCode.UNREADABLE, "The " + what + " uses an unsupported encryption (" + oid + ").");
        }
    }

    private void checkKeyDerivation(AlgorithmIdentifier kdf, String what) throws ReadProblem {
        if (!PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
            throw new ReadProblem(FindingCode.UNREADABLE,
                    "The " + what + " uses an unsupported key derivation (" + kdf.getAlgorithm() + ").");
        }
        check(PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount(), what);
    }

    private void check(BigInteger iterations, String what) throws ReadProblem {
        if (iterations.signum() <= 0) {
            throw new ReadProblem(FindingCode.UNREADABLE, "The " + what + " declares an invalid iteration count.");
        }
        if (iterations.compareTo(max) > 0) {
            throw new ReadProblem(FindingCode.ITERATION_LIMIT,
                    "The " + what + " declares " + iterations + " iterations, more than the limit of " + max + ".");
        }
        total = total.add(iterations);
        if (total.compareTo(maxTotal) > 0) {
            throw new ReadProblem(FindingCode.ITERATION_LIMIT, "The file declares more than " + maxTotal + " iterations in all ("
                    + FILE_BUDGET_TIMES_LIMIT + " times the limit of " + max + " for one key), in more encrypted parts than a certificate file has.");
        }
    }
}
