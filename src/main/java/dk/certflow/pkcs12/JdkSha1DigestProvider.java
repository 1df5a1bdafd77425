package dk.certflow.pkcs12;

import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.bouncycastle.operator.bc.BcDigestProvider;

/** SHA-1 from the JDK (see {@link JdkSha1Digest}), every other digest from BouncyCastle. */
final class JdkSha1DigestProvider implements BcDigestProvider {

    static final JdkSha1DigestProvider INSTANCE = new JdkSha1DigestProvider();

    private JdkSha1DigestProvider() {
    }

    @Override
    public ExtendedDigest get(AlgorithmIdentifier digestAlgorithm) throws OperatorCreationException {
        if (OIWObjectIdentifiers.idSHA1.equals(digestAlgorithm.getAlgorithm())) {
            return new JdkSha1Digest();
        }
        return BcDefaultDigestProvider.INSTANCE.get(digestAlgorithm);
    }
}
