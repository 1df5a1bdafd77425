package dk.certflow.pkcs12;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PBMAC1Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.bc.BcPKCS12PBMac1CalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;

/**
 * Writes PKCS#12 files with BouncyCastle in shapes no installable tool writes: the ones Windows CryptoAPI and .NET
 * export (AlgorithmIdentifiers without NULL parameters), PBMAC1, and algorithms certflow does not support.
 */
final class BcWriter {

    static final Provider BC = new BouncyCastleProvider();

    final PrivateKey key;
    private final X509CertificateHolder leaf;
    private final X509CertificateHolder ca;

    BcWriter(TestPki pki) throws IOException {
        this.key = new JcaPEMKeyConverter().getPrivateKey(PrivateKeyInfo.getInstance(pem(pki.path("leaf.key"))));
        this.leaf = (X509CertificateHolder) pem(pki.path("leaf.crt"));
        this.ca = (X509CertificateHolder) pem(pki.path("ca.crt"));
    }

    /** An AlgorithmIdentifier without parameters, as Windows and .NET write digests and PRFs. */
    static AlgorithmIdentifier bare(ASN1ObjectIdentifier oid) {
        return new AlgorithmIdentifier(oid);
    }

    /** PKCS#12 PBE (e.g. pbeWithSHAAnd3-KeyTripleDES-CBC) with an iteration count. */
    static OutputEncryptor pkcs12Pbe(ASN1ObjectIdentifier scheme, int iterations, char[] password) throws Exception {
        return new JcePKCSPBEOutputEncryptorBuilder(scheme).setProvider(BC).setIterationCount(iterations).build(password);
    }

    /** PBES2 with PBKDF2 and the PRF exactly as given (with or without NULL parameters). */
    static OutputEncryptor pbes2(ASN1ObjectIdentifier cipher, AlgorithmIdentifier prf, int iterations, char[] password)
            throws Exception {
        return new JcePKCSPBEOutputEncryptorBuilder(cipher).setProvider(BC).setPRF(prf).setIterationCount(iterations)
                .build(password);
    }

    /**
     * The key in a shrouded key bag in a data content, the leaf and CA certificates in an encrypted content (the
     * layout of a Windows certificate store export), with the classic MAC whose digest AlgorithmIdentifier is
     * written as given.
     */
    byte[] write(OutputEncryptor keyEncryption, OutputEncryptor certEncryption, AlgorithmIdentifier macDigest,
                 int macIterations, char[] password) throws Exception {
        AlgorithmIdentifier withNull = new AlgorithmIdentifier(macDigest.getAlgorithm(), DERNull.INSTANCE);
        BcPKCS12MacCalculatorBuilder mac = new BcPKCS12MacCalculatorBuilder(
                BcDefaultDigestProvider.INSTANCE.get(withNull), withNull);
        mac.setIterationCount(macIterations);
        Pfx pfx = build(keyEncryption, certEncryption, mac, password).toASN1Structure();
        // BouncyCastle writes NULL parameters; the MAC value does not depend on them, so rewrite the identifier only
        MacData written = pfx.getMacData();
        MacData rewritten = new MacData(new DigestInfo(macDigest, written.getMac().getDigest()), written.getSalt(),
                written.getIterationCount().intValueExact());
        return new Pfx(pfx.getAuthSafe(), rewritten).getEncoded("DER");
    }

    /** The same layout with an RFC 9579 PBMAC1 MAC. */
    byte[] writePbmac1(OutputEncryptor keyEncryption, OutputEncryptor certEncryption, AlgorithmIdentifier prf,
                       AlgorithmIdentifier hmac, char[] password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        PBMAC1Params params = new PBMAC1Params(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBKDF2,
                new PBKDF2Params(salt, 10_000, 32, prf)), hmac);
        return build(keyEncryption, certEncryption, new BcPKCS12PBMac1CalculatorBuilder(params), password)
                .getEncoded("DER");
    }

    /** A file whose MAC digest is replaced by another OID (the MAC value is then meaningless). */
    static byte[] withMacDigest(byte[] pfx, ASN1ObjectIdentifier digest) {
        Pfx parsed = Pfx.getInstance(pfx);
        MacData mac = parsed.getMacData();
        try {
            return new Pfx(parsed.getAuthSafe(), new MacData(new DigestInfo(bare(digest), mac.getMac().getDigest()),
                    mac.getSalt(), mac.getIterationCount().intValueExact())).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private PKCS12PfxPdu build(OutputEncryptor keyEncryption, OutputEncryptor certEncryption,
                               PKCS12MacCalculatorBuilder mac, char[] password) throws Exception {
        DEROctetString keyId = new DEROctetString(new byte[]{1, 2, 3, 4});
        PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(key, keyEncryption);
        keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, keyId);
        PKCS12SafeBagBuilder leafBag = new PKCS12SafeBagBuilder(leaf);
        leafBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, keyId);
        PKCS12SafeBag[] certificates = {leafBag.build(), new PKCS12SafeBagBuilder(ca).build()};
        PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
        if (certEncryption == null) {
            for (PKCS12SafeBag certificate : certificates) {
                pfx.addData(certificate);
            }
        } else {
            pfx.addEncryptedData(certEncryption, certificates);
        }
        pfx.addData(keyBag.build());
        return pfx.build(mac, password);
    }

    private static Object pem(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            return parser.readObject();
        }
    }
}
