package dk.certflow.pkcs12;

import dk.certflow.findings.Finding;
import dk.certflow.findings.FindingCode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Finds the certificate of the private key among the certificates of a PKCS#12 file and reports what is amiss. */
final class KeyPairing {

    record KeyEntry(PrivateKey key, byte[] localKeyId) {
    }

    record CertificateEntry(X509Certificate certificate, byte[] localKeyId) {
    }

    private KeyPairing() {
    }

    static Credential pair(List<KeyEntry> keys, List<CertificateEntry> entries) {
        List<X509Certificate> certificates = entries.stream().map(CertificateEntry::certificate).toList();
        if (keys.isEmpty()) {
            String message = certificates.isEmpty()
                    ? "The PKCS#12 file holds neither a private key nor a certificate."
                    : "The PKCS#12 file holds certificates but no private key.";
            return credential(FindingCode.NO_PRIVATE_KEY, message, null, Certificates.firstEndEntity(certificates), certificates);
        }
        if (keys.size() > 1) {
            return credential(FindingCode.MULTIPLE_KEYS, "The PKCS#12 file holds " + keys.size() + " private keys, not one.",
                    null, Certificates.firstEndEntity(certificates), certificates);
        }
        KeyEntry key = keys.get(0);
        if (certificates.isEmpty()) {
            return credential(FindingCode.NO_CERTIFICATE, "The PKCS#12 file holds a private key but no certificate.",
                    key.key(), null, certificates);
        }
        Optional<CertificateEntry> matching = entries.stream()
                .filter(e -> matches(key.key(), e.certificate().getPublicKey()))
                // a localKeyId shared with the key breaks a tie between certificates of the same key
                .sorted((a, b) -> Boolean.compare(sameId(key, b), sameId(key, a)))
                .findFirst();
        if (matching.isPresent()) {
            X509Certificate leaf = matching.get().certificate();
            return new Credential(Credential.Kind.PKCS12, List.of(), key.key(), leaf, others(certificates, leaf));
        }
        X509Certificate claimed = entries.stream()
                .filter(e -> sameId(key, e))
                .map(CertificateEntry::certificate)
                .findFirst()
                .orElse(Certificates.firstEndEntity(certificates));
        return credential(FindingCode.KEY_MISMATCH, "The private key does not belong to any certificate in the file.",
                key.key(), claimed, certificates);
    }

    /** Compares RSA keys by modulus; other key types by a signature the certificate's key must verify. */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (privateKey instanceof RSAPrivateKey rsa) {
            if (!(publicKey instanceof RSAPublicKey rsaPublic) || !rsa.getModulus().equals(rsaPublic.getModulus())) {
                return false;
            }
            return !(rsa instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().equals(rsaPublic.getPublicExponent());
        }
        return signatureVerifies(privateKey, publicKey);
    }

    private static boolean signatureVerifies(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> privateKey.getAlgorithm(); // EdDSA, Ed25519, Ed448 name their own signature
        };
        byte[] challenge = "certflow key pairing".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean sameId(KeyEntry key, CertificateEntry certificate) {
        return key.localKeyId() != null && Arrays.equals(key.localKeyId(), certificate.localKeyId());
    }

    private static Credential credential(FindingCode code, String message, PrivateKey key,
                                         X509Certificate leaf,
                                         List<X509Certificate> certificates) {
        return new Credential(Credential.Kind.PKCS12, List.of(Finding.error(code, message)), key, leaf, others(certificates, leaf));
    }

    private static List<X509Certificate> others(List<X509Certificate> certificates,
                                                                  X509Certificate leaf) {
        List<X509Certificate> others = new ArrayList<>(certificates);
        others.remove(leaf);
        return others;
    }
}
