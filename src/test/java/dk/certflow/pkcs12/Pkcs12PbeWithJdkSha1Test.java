package dk.certflow.pkcs12;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Pkcs12PbeWithJdkSha1Test {

    private static final Provider BC = new BouncyCastleProvider();
    private static final byte[] PLAINTEXT = "a safe bag, some forty-odd bytes, not block aligned".getBytes(StandardCharsets.US_ASCII);

    private final List<ASN1ObjectIdentifier> delegated = new ArrayList<>();
    private final InputDecryptorProvider recordingDelegate = algorithm -> {
        delegated.add(algorithm.getAlgorithm());
        throw new OperatorCreationException("delegated");
    };

    static Stream<Arguments> blockCiphers() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (ASN1ObjectIdentifier algorithm : List.of(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
                PKCSObjectIdentifiers.pbeWithSHAAnd2_KeyTripleDES_CBC, PKCSObjectIdentifiers.pbeWithSHAAnd128BitRC2_CBC,
                PKCSObjectIdentifiers.pbeWithSHAAnd40BitRC2_CBC)) {
            for (String password : new String[]{"Secret-123", "Kødpålæg-æøå", ""}) {
                cases.add(Arguments.of(algorithm, password));
            }
        }
        return cases.build();
    }

    /** Encrypted by BouncyCastle's JCE cipher, as the reader decrypted before, and decrypted without the delegate. */
    @ParameterizedTest(name = "{0} password \"{1}\"")
    @MethodSource("blockCiphers")
    void decryptsWhatBouncyCastlesJceCipherEncrypts(ASN1ObjectIdentifier algorithm, String password) throws Exception {
        OutputEncryptor encryptor = new JcePKCSPBEOutputEncryptorBuilder(algorithm)
                .setProvider(BC).setIterationCount(2048).build(password.toCharArray());
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        try (OutputStream out = encryptor.getOutputStream(encrypted)) {
            out.write(PLAINTEXT);
        }

        InputDecryptorProvider decryptors = new Pkcs12PbeWithJdkSha1(recordingDelegate, password.toCharArray());
        try (InputStream in = decryptors.get(encryptor.getAlgorithmIdentifier())
                .getInputStream(new ByteArrayInputStream(encrypted.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(PLAINTEXT);
        }
        assertThat(delegated).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherAlgorithms")
    void leavesEveryOtherAlgorithmToTheDelegate(ASN1ObjectIdentifier algorithm) {
        InputDecryptorProvider decryptors = new Pkcs12PbeWithJdkSha1(recordingDelegate, "Secret-123".toCharArray());

        assertThatThrownBy(() -> decryptors.get(new AlgorithmIdentifier(algorithm))).hasMessage("delegated");
        assertThat(delegated).containsExactly(algorithm);
    }

    static Stream<ASN1ObjectIdentifier> otherAlgorithms() {
        return Stream.of(PKCSObjectIdentifiers.pbeWithSHAAnd128BitRC4, PKCSObjectIdentifiers.pbeWithSHAAnd40BitRC4,
                PKCSObjectIdentifiers.id_PBES2, PKCSObjectIdentifiers.pbeWithSHA1AndDES_CBC);
    }
}
