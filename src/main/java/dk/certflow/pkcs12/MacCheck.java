package dk.certflow.pkcs12;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.generators.PKCS12ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.bc.BcPKCS12PBMac1CalculatorBuilderProvider;
import org.bouncycastle.util.Arrays;

/** Verifies the integrity MAC of a PFX with one password form. */
final class MacCheck {

    private MacCheck() {
    }

    static boolean isValid(PKCS12PfxPdu pfx, PasswordForm password) throws PKCSException, OperatorCreationException {
        boolean pbmac1 = PKCSObjectIdentifiers.id_PBMAC1.equals(pfx.getMacAlgorithmID().getAlgorithm());
        if (password.emptyAsTerminator()) {
            // PBMAC1 feeds UTF-8 to PBKDF2, where both empty forms are the same bytes
            return !pbmac1 && isValidWithTerminatorOnly(pfx.toASN1Structure());
        }
        PKCS12MacCalculatorBuilderProvider calculators = pbmac1
                ? new BcPKCS12PBMac1CalculatorBuilderProvider()
                : new BcPKCS12MacCalculatorBuilderProvider(JdkSha1DigestProvider.INSTANCE);
        return pfx.isMacValid(calculators, password.chars());
    }

    /** BouncyCastle's MAC builders encode the empty password as no bytes; OpenSSL uses the terminator 00 00. */
    private static boolean isValidWithTerminatorOnly(Pfx pfx) throws OperatorCreationException {
        MacData macData = pfx.getMacData();
        ExtendedDigest digest = JdkSha1DigestProvider.INSTANCE.get(macData.getMac().getAlgorithmId());
        PKCS12ParametersGenerator generator = new PKCS12ParametersGenerator(digest);
        generator.init(new byte[2], macData.getSalt(), macData.getIterationCount().intValueExact());
        HMac hmac = new HMac(digest);
        hmac.init((KeyParameter) generator.generateDerivedMacParameters(digest.getDigestSize() * 8));
        byte[] authSafe = ASN1OctetString.getInstance(pfx.getAuthSafe().getContent()).getOctets();
        hmac.update(authSafe, 0, authSafe.length);
        byte[] mac = new byte[hmac.getMacSize()];
        hmac.doFinal(mac, 0);
        return Arrays.constantTimeAreEqual(mac, macData.getMac().getDigest());
    }
}
