package dk.certflow.pkcs12;

import dk.certflow.crypto.BouncyCastle;
import dk.certflow.findings.FindingCode;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PBMAC1Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The algorithms the reader supports, checked before any password is tried: a file using anything else (GOST, for
 * instance) is refused as unreadable with the algorithm named, never mistaken for a wrong password. Algorithms are
 * matched by OID only, so an AlgorithmIdentifier reads the same with or without NULL parameters (Windows and .NET
 * leave them out).
 */
final class SupportedAlgorithms {

    /** Digests (the JDK's, see {@link JdkDigest}) of the classic PKCS#12 MAC (HMAC keyed by the PKCS#12 key derivation). */
    private static final Map<ASN1ObjectIdentifier, Supplier<Digest>> MAC_DIGESTS = Map.of(
            OIWObjectIdentifiers.idSHA1, JdkDigest::sha1,
            NISTObjectIdentifiers.id_sha224, JdkDigest::sha224,
            NISTObjectIdentifiers.id_sha256, JdkDigest::sha256,
            NISTObjectIdentifiers.id_sha384, JdkDigest::sha384,
            NISTObjectIdentifiers.id_sha512, JdkDigest::sha512);

    /** HMACs usable as PBKDF2 PRF and as PBMAC1 message authentication scheme, by their digest. */
    private static final Map<ASN1ObjectIdentifier, Supplier<Digest>> HMACS = Map.of(
            PKCSObjectIdentifiers.id_hmacWithSHA1, JdkDigest::sha1,
            PKCSObjectIdentifiers.id_hmacWithSHA224, JdkDigest::sha224,
            PKCSObjectIdentifiers.id_hmacWithSHA256, JdkDigest::sha256,
            PKCSObjectIdentifiers.id_hmacWithSHA384, JdkDigest::sha384,
            PKCSObjectIdentifiers.id_hmacWithSHA512, JdkDigest::sha512);

    /** The PKCS#12 PBE schemes (3DES, RC2, RC4) and the PBES1 ones BouncyCastle's decryptor builder handles. */
    private static final Set<ASN1ObjectIdentifier> PBE_SCHEMES = Set.of(
            PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
            PKCSObjectIdentifiers.pbeWithSHAAnd2_KeyTripleDES_CBC,
            PKCSObjectIdentifiers.pbeWithSHAAnd128BitRC2_CBC,
            PKCSObjectIdentifiers.pbeWithSHAAnd40BitRC2_CBC,
            PKCSObjectIdentifiers.pbeWithSHAAnd128BitRC4,
            PKCSObjectIdentifiers.pbeWithSHAAnd40BitRC4,
            PKCSObjectIdentifiers.pbeWithMD5AndDES_CBC,
            PKCSObjectIdentifiers.pbeWithSHA1AndDES_CBC);

    /** PBES2 ciphers whose parameters are a plain IV. */
    private static final Set<ASN1ObjectIdentifier> PBES2_CIPHERS = Set.of(
            NISTObjectIdentifiers.id_aes128_CBC,
            NISTObjectIdentifiers.id_aes192_CBC,
            NISTObjectIdentifiers.id_aes256_CBC,
            PKCSObjectIdentifiers.des_EDE3_CBC);

    private SupportedAlgorithms() {
    }

    static void checkMac(MacData mac) throws ReadProblem {
        AlgorithmIdentifier algorithm = mac.getMac().getAlgorithmId();
        if (PKCSObjectIdentifiers.id_PBMAC1.equals(algorithm.getAlgorithm())) {
            PBMAC1Params pbmac1 = PBMAC1Params.getInstance(algorithm.getParameters());
            checkPbkdf2(pbmac1.getKeyDerivationFunc(), "MAC");
            require(HMACS, pbmac1.getMessageAuthScheme(), "MAC");
        } else {
            require(MAC_DIGESTS, algorithm, "MAC");
        }
    }

    /** Checks the password-based encryption of an encrypted content or a shrouded key. */
    static void checkEncryption(AlgorithmIdentifier algorithm, String what) throws ReadProblem {
        if (PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
            PBES2Parameters pbes2 = PBES2Parameters.getInstance(algorithm.getParameters());
            checkPbkdf2(AlgorithmIdentifier.getInstance(pbes2.getKeyDerivationFunc()), what);
            require(PBES2_CIPHERS, AlgorithmIdentifier.getInstance(pbes2.getEncryptionScheme()), what);
        } else {
            require(PBE_SCHEMES, algorithm, what);
        }
    }

    /** The digest of a supported MAC digest algorithm; null parameters or none. */
    static Digest macDigest(AlgorithmIdentifier algorithm) {
        return digest(MAC_DIGESTS, algorithm);
    }

    /** The digest of a supported HMAC (PBKDF2 PRF, PBMAC1 scheme); an absent PRF is the default hmacWithSHA1. */
    static Digest hmacDigest(AlgorithmIdentifier algorithm) {
        return digest(HMACS, algorithm == null ? new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA1) : algorithm);
    }

    private static void checkPbkdf2(AlgorithmIdentifier kdf, String what) throws ReadProblem {
        require(Set.of(PKCSObjectIdentifiers.id_PBKDF2), kdf, what);
        PBKDF2Params params = PBKDF2Params.getInstance(kdf.getParameters());
        if (params.getPrf() != null) { // absent means the default hmacWithSHA1
            require(HMACS, params.getPrf(), what);
        }
    }

    private static Digest digest(Map<ASN1ObjectIdentifier, Supplier<Digest>> digests, AlgorithmIdentifier algorithm) {
        Supplier<Digest> digest = digests.get(algorithm.getAlgorithm());
        if (digest == null) {
            throw new IllegalArgumentException("unsupported algorithm " + algorithm.getAlgorithm());
        }
        return digest.get();
    }

    private static void require(Map<ASN1ObjectIdentifier, ?> supported, AlgorithmIdentifier algorithm, String what)
            throws ReadProblem {
        require(supported.keySet(), algorithm, what);
    }

    private static void require(Set<ASN1ObjectIdentifier> supported, AlgorithmIdentifier algorithm, String what)
            throws ReadProblem {
        if (!supported.contains(algorithm.getAlgorithm())) {
            throw new ReadProblem(FindingCode.UNREADABLE, "The " + what + " uses unsupported algorithm "
                    + name(algorithm.getAlgorithm()) + ". Re-export the file with AES-256 and PBKDF2 "
                    + "(openssl pkcs12 -export, the default) or with 3DES (Windows: TripleDES-SHA1).");
        }
    }

    /** The OID with a readable name when BouncyCastle knows one, e.g. "1.2.643.2.2.21 (GOST28147)". */
    static String name(ASN1ObjectIdentifier oid) {
        String name = new DefaultAlgorithmNameFinder().getAlgorithmName(oid);
        if (name.equals(oid.getId())) {
            name = null;
            for (String type : new String[]{"Cipher", "Mac", "MessageDigest", "SecretKeyFactory", "KeyGenerator"}) {
                name = BouncyCastle.PROVIDER.getProperty("Alg.Alias." + type + "." + oid.getId());
                if (name != null) {
                    break;
                }
            }
        }
        return name == null ? oid.getId() : oid.getId() + " (" + name + ")";
    }
}
