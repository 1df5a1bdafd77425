package dk.certflow.pkcs12;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PBMAC1Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.generators.PKCS12ParametersGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.util.Arrays;

/**
 * Verifies the integrity MAC of a PFX with one password form, comparing only the MAC value (in constant time).
 * BouncyCastle's PKCS12PfxPdu.isMacValid re-encodes the whole MacData with NULL digest parameters and compares the
 * encodings, so it rejects the files Windows and .NET write, whose digest AlgorithmIdentifier has no parameters.
 * Call only after {@link SupportedAlgorithms#checkMac}.
 */
final class MacCheck {

    /** Longer than any HMAC key worth deriving (SHA-512's block is 128 bytes). */
    private static final int MAX_KEY_BYTES = 128;

    private MacCheck() {
    }

    static boolean isValid(Pfx pfx, PasswordForm password) {
        MacData macData = pfx.getMacData();
        AlgorithmIdentifier algorithm = macData.getMac().getAlgorithmId();
        HMac hmac;
        if (PKCSObjectIdentifiers.id_PBMAC1.equals(algorithm.getAlgorithm())) {
            if (password.emptyAsTerminator()) {
                return false; // PBMAC1 feeds UTF-8 to PBKDF2, where both empty forms are the same bytes
            }
            hmac = pbmac1(PBMAC1Params.getInstance(algorithm.getParameters()), password);
        } else {
            hmac = pkcs12Mac(macData, password);
        }
        byte[] authSafe = ASN1OctetString.getInstance(pfx.getAuthSafe().getContent()).getOctets();
        hmac.update(authSafe, 0, authSafe.length);
        byte[] mac = new byte[hmac.getMacSize()];
        hmac.doFinal(mac, 0);
        return Arrays.constantTimeAreEqual(mac, macData.getMac().getDigest());
    }

    /** The classic MAC: HMAC keyed by the PKCS#12 key derivation over the MacData salt and iterations. */
    private static HMac pkcs12Mac(MacData macData, PasswordForm password) {
        Digest digest = SupportedAlgorithms.macDigest(macData.getMac().getAlgorithmId());
        // BouncyCastle encodes the empty password as no bytes; OpenSSL uses the terminator 00 00
        byte[] bytes = password.emptyAsTerminator()
                ? new byte[2] : PBEParametersGenerator.PKCS12PasswordToBytes(password.chars());
        PKCS12ParametersGenerator generator = new PKCS12ParametersGenerator(digest);
        generator.init(bytes, macData.getSalt(), macData.getIterationCount().intValueExact());
        CipherParameters key = generator.generateDerivedMacParameters(digest.getDigestSize() * 8);
        Arrays.fill(bytes, (byte) 0);
        HMac hmac = new HMac(SupportedAlgorithms.macDigest(macData.getMac().getAlgorithmId()));
        hmac.init(key);
        return hmac;
    }

    /** RFC 9579: HMAC keyed by PBKDF2 over the UTF-8 password; MacData salt and iterations are not used. */
    private static HMac pbmac1(PBMAC1Params params, PasswordForm password) {
        PBKDF2Params kdf = PBKDF2Params.getInstance(params.getKeyDerivationFunc().getParameters());
        // a declared key length is derived in full: bound it before a hostile file asks for gigabytes
        if (kdf.getKeyLength() == null || kdf.getKeyLength().signum() <= 0 || kdf.getKeyLength().intValue() > MAX_KEY_BYTES
                || kdf.getKeyLength().bitLength() > 31) {
            throw new IllegalArgumentException("PBMAC1 key length missing or out of range");
        }
        byte[] bytes = PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(password.chars());
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(SupportedAlgorithms.hmacDigest(kdf.getPrf()));
        generator.init(bytes, kdf.getSalt(), kdf.getIterationCount().intValueExact());
        CipherParameters key = generator.generateDerivedMacParameters(kdf.getKeyLength().intValueExact() * 8);
        Arrays.fill(bytes, (byte) 0);
        HMac hmac = new HMac(SupportedAlgorithms.hmacDigest(params.getMessageAuthScheme()));
        hmac.init(key);
        return hmac;
    }
}
