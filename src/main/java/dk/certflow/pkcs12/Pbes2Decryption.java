package dk.certflow.pkcs12;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.jcajce.io.CipherInputStream;
import org.bouncycastle.operator.DefaultSecretKeySizeProvider;
import org.bouncycastle.operator.InputDecryptor;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;

/**
 * Decrypts PBES2 content (what OpenSSL 3 and current Windows write: PBKDF2 with HMAC-SHA256, AES-256-CBC). PBKDF2 runs
 * on the lightweight generator over the JDK's SHA digests ({@link JdkDigest}), several times faster than the JCE
 * PBKDF2 of BouncyCastle's provider, and it also takes the empty password, which OpenSSL writes and that PBKDF2
 * refuses ("password empty"). The password is fed as UTF-8 (PKCS #5), the empty one as no bytes. The cipher comes from
 * the given provider. Every other algorithm goes to the delegate. Call only after {@link SupportedAlgorithms#checkEncryption}.
 */
final class Pbes2Decryption implements InputDecryptorProvider {

    private final InputDecryptorProvider delegate;
    private final Provider provider;
    private final char[] password;

    Pbes2Decryption(InputDecryptorProvider delegate, Provider provider, char[] password) {
        this.delegate = delegate;
        this.provider = provider;
        this.password = password;
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
        AlgorithmIdentifier scheme = AlgorithmIdentifier.getInstance(pbes2.getEncryptionScheme());
        byte[] passwordBytes = PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(password);
        byte[] key;
        try {
            PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(SupportedAlgorithms.hmacDigest(kdf.getPrf()));
            generator.init(passwordBytes, kdf.getSalt(), kdf.getIterationCount().intValueExact());
            key = ((KeyParameter) generator.generateDerivedParameters(
                    DefaultSecretKeySizeProvider.INSTANCE.getKeySize(scheme))).getKey();
        } catch (RuntimeException e) {
            throw new OperatorCreationException("cannot derive the PBES2 key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
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
            throw new OperatorCreationException("cannot decrypt PBES2 content: " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
