package dk.certflow.console;

import dk.certflow.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The management token (CONTRACTS §12), asked for on everything the management port serves but its health. Every
 * comparison hashes both sides first and compares the hashes in constant time, so neither the token's content nor its
 * length can be learned from how long a refusal takes.
 */
public final class AccessToken {

    /** The cookie the console keeps after {@code ?token=}: HTTP-only, same-site, never the token itself. */
    public static final String COOKIE = "certflow_console";
    private static final String BEARER = "bearer ";

    private final byte[] tokenHash;
    private final String cookieValue;
    private final byte[] cookieHash;

    private AccessToken(byte[] tokenHash, String cookieValue) {
        this.tokenHash = tokenHash;
        this.cookieValue = cookieValue;
        this.cookieHash = cookieValue == null ? null : sha256(cookieValue.getBytes(StandardCharsets.US_ASCII));
    }

    public static AccessToken of(Secret token) {
        if (!token.isSet()) {
            return new AccessToken(null, null);
        }
        byte[] value = token.revealAsString().getBytes(StandardCharsets.UTF_8);
        return new AccessToken(sha256(value), cookieValue(value));
    }

    /** Whether a token is set at all; without one the management port is open, as before. */
    public boolean required() {
        return tokenHash != null;
    }

    /** {@code Authorization: Bearer <token>}; the scheme's case does not matter (RFC 9110). */
    public boolean acceptsAuthorization(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return accepts(header.substring(BEARER.length()).strip());
    }

    /** The token itself, as given once in {@code ?token=}. */
    public boolean accepts(String offered) {
        return required() && offered != null
                && MessageDigest.isEqual(tokenHash, sha256(offered.getBytes(StandardCharsets.UTF_8)));
    }

    /** The value the console's cookie carries: derived from the token, so the cookie does not hold the token. */
    public String cookieValue() {
        return cookieValue;
    }

    public boolean acceptsCookie(String value) {
        return required() && value != null && MessageDigest.isEqual(cookieHash, sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String cookieValue(byte[] token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token, "HmacSHA256"));
            byte[] derived = mac.doFinal("certflow console cookie".getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(derived);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return required() ? "AccessToken(required)" : "AccessToken(none)";
    }
}
