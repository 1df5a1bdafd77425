package dk.certflow.pkcs12;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One way a tool may have turned the typed password into key-derivation input. The standard form comes first;
 * the others exist because real tools disagree:
 * <ul>
 *   <li>an empty password is either no bytes at all or just the BMPString terminator 00 00 (OpenSSL);</li>
 *   <li>OpenSSL before 1.1 widened each UTF-8 byte to a BMP character instead of converting UTF-8 to BMP.</li>
 * </ul>
 */
final class PasswordForm {

    private final char[] chars;
    private final boolean emptyAsTerminator;

    private PasswordForm(char[] chars, boolean emptyAsTerminator) {
        this.chars = chars;
        this.emptyAsTerminator = emptyAsTerminator;
    }

    /** The forms worth trying for a password; null (none given) is tried as the empty password. */
    static List<PasswordForm> of(char[] password) {
        List<PasswordForm> forms = new ArrayList<>();
        if (password == null || password.length == 0) {
            forms.add(new PasswordForm(new char[0], true));
            forms.add(new PasswordForm(new char[0], false));
            return forms;
        }
        forms.add(new PasswordForm(password.clone(), false));
        if (!isAscii(password)) {
            forms.add(new PasswordForm(utf8BytesAsChars(password), false));
        }
        return forms;
    }

    char[] chars() {
        return chars;
    }

    /** True for the empty password encoded as the two-byte BMPString terminator (BouncyCastle's "wrong zero"). */
    boolean emptyAsTerminator() {
        return emptyAsTerminator;
    }

    void clear() {
        Arrays.fill(chars, '\0');
    }

    private static boolean isAscii(char[] password) {
        for (char c : password) {
            if (c > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static char[] utf8BytesAsChars(char[] password) {
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        char[] widened = new char[utf8.remaining()];
        for (int i = 0; i < widened.length; i++) {
            widened[i] = (char) (utf8.get(i) & 0xff);
        }
        if (utf8.hasArray()) {
            Arrays.fill(utf8.array(), (byte) 0);
        }
        return widened;
    }
}
