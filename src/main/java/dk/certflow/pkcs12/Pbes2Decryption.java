package dk.certflow.pkcs12;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.util.DigestFactory;
import org.bouncycastle.jcajce.io.CipherInputStream;
import org.bouncycastle.operator.DefaultSecretKeySizeProvider;
import org.bouncycastle.operator.InputDecryptor;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decrypts PBES2 content protected by the empty password, which OpenSSL writes but BouncyCastle's JCE PBKDF2
 * refuses ("password empty"); PBKDF2 itself is derived with the lightweight generator, which accepts it.
 * Every other algorithm goes to the delegate.
 */
final class EmptyPasswordPbes2 implements InputDecryptorProvider {

    private static final Map<ASN1ObjectIdentifier, Supplier<Digest>> PRFS = Map.of(
            PKCSObjectIdentifiers.id_hmacWithSHA1, DigestFactory::createSHA1,
            PKCSObjectIdentifiers.id_hmacWithSHA224, DigestFactory::createSHA224,
            PKCSObjectIdentifiers.id_hmacWithSHA256, DigestFactory::createSHA256,
            PKCSObjectIdentifiers.id_hmacWithSHA384, DigestFactory::createSHA384,
            PKCSObjectIdentifiers.id_hmacWithSHA512, DigestFactory::createSHA512);

    private final InputDecryptorProvider delegate;
    private final Provider provider;

    EmptyPasswordPbes2(InputDecryptorProvider delegate, Provider provider) {
        this.delegate = delegate;
        this.provider = provider;
    }

    @Override
    public InputDecryptor get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
        if (!PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
            return delegate.get(algorithm);
        }
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(algorithm.getParameters());
        if (!PKCSObjectIdentifiers.id_PBKDF2.equals(pbes2.getKeyDerivationFunc().getAlgorithm())) {
            return delegate.get(algorithm);
        }
        PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        Supplier<Digest> prf = PRFS.get(kdf.getPrf().getAlgorithm());
        if (prf == null) {
            throw new OperatorCreationException("unsupported PBKDF2 PRF " + kdf.getPrf().getAlgorithm());
        }
        AlgorithmIdentifier scheme = AlgorithmIdentifier.getInstance(pbes2.getEncryptionScheme());
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(prf.get());
        generator.init(new byte[0], kdf.getSalt(), kdf.getIterationCount().intValueExact());
        byte[] key = ((KeyParameter) generator.generateDerivedParameters(
                DefaultSecretKeySizeProvider.INSTANCE.getKeySize(scheme))).getKey();
        try {
            Cipher cipher = Cipher.getInstance(scheme.getAlgorithm().getId(), provider);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, scheme.getAlgorithm().getId()),
                    new IvParameterSpec(ASN1OctetString.getInstance(scheme.getParameters()).getOctets()));
            return new InputDecryptor() {
                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return scheme;
                }

                @Override
                public InputStream getInputStream(InputStream encrypted) {
                    return new CipherInputStream(encrypted, cipher);
                }
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new OperatorCreationException("cannot decrypt with the empty password: " + e.getMessage(), e);
        }
    }
}
