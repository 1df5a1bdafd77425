package dk.certflow.pkcs12;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.InputDecryptor;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.bc.BcPKCS12PBEInputDecryptorProviderBuilder;

import java.util.Set;

/**
 * Decrypts the PKCS#12 PBE block ciphers (3DES, RC2: what MitID files use) with BouncyCastle's lightweight
 * builder, which derives key and IV with a digest it is given: here the JDK's SHA-1, several times faster than the
 * SHA-1 that BouncyCastle's JCE cipher uses internally. Every other algorithm goes to the delegate. The password is
 * encoded the standard way (an empty one as no bytes), so the empty password as terminator needs the delegate alone.
 */
final class Pkcs12PbeWithJdkSha1 implements InputDecryptorProvider {

    /** The PKCS#12 PBE identifiers the lightweight builder supports (not the RC4 ones). */
    private static final Set<ASN1ObjectIdentifier> BLOCK_CIPHERS = Set.of(
            PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
            PKCSObjectIdentifiers.pbeWithSHAAnd2_KeyTripleDES_CBC,
            PKCSObjectIdentifiers.pbeWithSHAAnd128BitRC2_CBC,
            PKCSObjectIdentifiers.pbeWithSHAAnd40BitRC2_CBC);

    private final InputDecryptorProvider delegate;
    private final char[] password;

    Pkcs12PbeWithJdkSha1(InputDecryptorProvider delegate, char[] password) {
        this.delegate = delegate;
        this.password = password;
    }

    @Override
    public InputDecryptor get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
        if (!BLOCK_CIPHERS.contains(algorithm.getAlgorithm())) {
            return delegate.get(algorithm);
        }
        return new BcPKCS12PBEInputDecryptorProviderBuilder(JdkDigest.sha1()).build(password).get(algorithm);
    }
}
