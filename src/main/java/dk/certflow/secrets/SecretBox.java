package dk.certflow.secrets;

import dk.certflow.files.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals passwords that must survive a restart (a WorkZone upload waiting in the outbox needs the PFX password) so the
 * database never holds them in clear. AES-256-GCM with a key kept in an owner-only file beside the data.
 */
public final class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * Opens the key file, creating it (owner-only, atomically) on first use. Nodes sharing the data folder share the
     * key: of two creating it at once, one writes it and both use that one.
     */
    public static synchronized SecretBox open(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            AtomicFiles.createOwnerOnlyDirectories(keyFile.getParent());
            AtomicFiles.createOnce(keyFile, Base64.getEncoder().encode(fresh));
            Arrays.fill(fresh, (byte) 0);
        }
        byte[] key = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
        if (key.length != 32) {
            throw new IOException(keyFile + " does not hold a 256-bit key");
        }
        return new SecretBox(key);
    }

    public String seal(char[] secret) {
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] plain = Arrays.copyOfRange(utf8.array(), utf8.position(), utf8.limit());
        Arrays.fill(utf8.array(), (byte) 0);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The secret as a fresh char array; the caller clears it. */
    public char[] open(String sealed) {
        byte[] all = Base64.getDecoder().decode(sealed);
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
            char[] out = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a sealed secret (was the key file replaced?)");
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
