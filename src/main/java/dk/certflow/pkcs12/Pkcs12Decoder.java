package dk.certflow.pkcs12;

import dk.certflow.findings.FindingCode;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one PFX with BouncyCastle's PKCS API. Every declared iteration count, and their sum over the file, is checked
 * before the first key derivation; the bags inside an encrypted content are checked after it is decrypted and before
 * their keys are.
 */
final class Pkcs12Decoder {

    private final int maxIterations;

    Pkcs12Decoder(Pkcs12Limits limits) {
        this.maxIterations = limits.maxIterations();
    }

    Credential decode(Pfx pfx, char[] password) throws ReadProblem {
        IterationGuard guard = new IterationGuard(maxIterations); // one per file: it also counts the file's total
        PKCS12PfxPdu pdu = new PKCS12PfxPdu(pfx);
        List<PKCS12SafeBag> bags = new ArrayList<>();
        List<ContentInfo> encrypted = new ArrayList<>();
        try {
            if (pdu.hasMac()) {
                SupportedAlgorithms.checkMac(pfx.getMacData());
                guard.checkMac(pfx.getMacData());
            }
            for (ContentInfo content : pdu.getContentInfos()) {
                if (PKCSObjectIdentifiers.data.equals(content.getContentType())) {
                    bags.addAll(checked(new PKCS12SafeBagFactory(content).getSafeBags(), guard));
                } else if (PKCSObjectIdentifiers.encryptedData.equals(content.getContentType())) {
                    AlgorithmIdentifier encryption = EncryptedData.getInstance(content.getContent()).getEncryptionAlgorithm();
                    SupportedAlgorithms.checkEncryption(encryption, "encrypted content");
                    guard.checkEncryption(encryption, "encrypted content");
                    encrypted.add(content);
                } else {
                    throw new ReadProblem(FindingCode.UNREADABLE,
                            "The PKCS#12 file uses public-key encryption, which is not supported.");
                }
            }
        } catch (RuntimeException e) {
            throw new ReadProblem(FindingCode.UNREADABLE, "The PKCS#12 file is corrupt.");
        }

        try (PasswordAttempts passwords = new PasswordAttempts(password)) {
            if (pdu.hasMac()) {
                passwords.verifyMac(pfx);
            }
            for (ContentInfo content : encrypted) {
                PKCS12SafeBag[] decrypted = passwords.decrypt(
                        decryptor -> new PKCS12SafeBagFactory(content, decryptor).getSafeBags(), "encrypted content");
                bags.addAll(checked(decrypted, guard));
            }
            return collect(bags, passwords);
        }
    }

    private static List<PKCS12SafeBag> checked(PKCS12SafeBag[] bags, IterationGuard guard) throws ReadProblem {
        for (PKCS12SafeBag bag : bags) {
            if (bag.getBagValue() instanceof PKCS8EncryptedPrivateKeyInfo shrouded) {
                SupportedAlgorithms.checkEncryption(shrouded.getEncryptionAlgorithm(), "private key");
                guard.checkEncryption(shrouded.getEncryptionAlgorithm(), "private key");
            }
        }
        return Arrays.asList(bags);
    }

    private static Credential collect(List<PKCS12SafeBag> bags, PasswordAttempts passwords) throws ReadProblem {
        List<KeyPairing.KeyEntry> keys = new ArrayList<>();
        List<KeyPairing.CertificateEntry> certificates = new ArrayList<>();
        for (PKCS12SafeBag bag : bags) {
            Object value = bag.getBagValue();
            if (value instanceof PKCS8EncryptedPrivateKeyInfo shrouded) {
                PrivateKeyInfo info = passwords.decrypt(shrouded::decryptPrivateKeyInfo, "private key");
                keys.add(new KeyPairing.KeyEntry(privateKey(info), localKeyId(bag)));
            } else if (value instanceof PrivateKeyInfo info) {
                keys.add(new KeyPairing.KeyEntry(privateKey(info), localKeyId(bag)));
            } else if (value instanceof X509CertificateHolder certificate) {
                certificates.add(new KeyPairing.CertificateEntry(Certificates.fromHolder(certificate), localKeyId(bag)));
            }
            // CRL, secret and other bags carry nothing certflow uses
        }
        return KeyPairing.pair(keys, certificates);
    }

    private static PrivateKey privateKey(PrivateKeyInfo info) throws ReadProblem {
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (PEMException | RuntimeException e) {
            throw new ReadProblem(FindingCode.UNREADABLE, "The private key in the file is corrupt or of an unsupported type.");
        }
    }

    private static byte[] localKeyId(PKCS12SafeBag bag) {
        Attribute[] attributes = bag.getAttributes();
        if (attributes == null) {
            return null;
        }
        for (Attribute attribute : attributes) {
            if (PKCS12SafeBag.localKeyIdAttribute.equals(attribute.getAttrType()) && attribute.getAttrValues().size() > 0) {
                return ASN1OctetString.getInstance(attribute.getAttrValues().getObjectAt(0)).getOctets();
            }
        }
        return null;
    }
}
