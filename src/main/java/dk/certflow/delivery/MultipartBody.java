package dk.certflow.delivery;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A {@code multipart/form-data} body (RFC 7578). Build once: {@link #build()} hands out the body and wipes the
 * builder's copies, so a password part lives only in the returned array, which the caller wipes after sending.
 */
public final class MultipartBody {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CRLF = {'\r', '\n'};

    private final String boundary;
    private final List<byte[]> chunks = new ArrayList<>();
    private boolean built;

    public MultipartBody() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        // 128 random bits: the chance that the boundary occurs in a part is nil
        boundary = "certflow-" + HexFormat.of().formatHex(random);
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** A text part, sent as UTF-8. */
    public MultipartBody field(String name, String value) {
        Objects.requireNonNull(value, "value of " + name);
        return part(name, null, "text/plain; charset=UTF-8", value.getBytes(StandardCharsets.UTF_8));
    }

    /** A text part from a secret: encoded to UTF-8 without passing through a String. */
    public MultipartBody field(String name, char[] value) {
        Objects.requireNonNull(value, "value of " + name);
        return part(name, null, "text/plain; charset=UTF-8", utf8(value));
    }

    /** A file part; {@code content} is copied as it is. */
    public MultipartBody file(String name, String fileName, String contentType, byte[] content) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
        return part(name, fileName, contentType, content.clone());
    }

    /** The whole body, closing delimiter included. */
    public byte[] build() {
        requireOpen();
        built = true;
        chunks.add(ascii("--" + boundary + "--\r\n"));
        byte[] body = new byte[chunks.stream().mapToInt(chunk -> chunk.length).sum()];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, body, at, chunk.length);
            at += chunk.length;
            Arrays.fill(chunk, (byte) 0);
        }
        chunks.clear();
        return body;
    }

    private MultipartBody part(String name, String fileName, String contentType, byte[] content) {
        requireOpen();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentType, "contentType");
        if (contentType.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("content type of part " + quoted(name) + " holds control characters");
        }
        StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=").append(quoted(name));
        if (fileName != null) {
            head.append("; filename=").append(quoted(fileName));
        }
        head.append("\r\nContent-Type: ").append(contentType).append("\r\n\r\n");
        chunks.add(head.toString().getBytes(StandardCharsets.UTF_8));
        chunks.add(content);
        chunks.add(CRLF.clone());
        return this;
    }

    private void requireOpen() {
        if (built) {
            throw new IllegalStateException("body already built");
        }
    }

    /**
     * A quoted header parameter, escaped the way browsers do it (WHATWG HTML, multipart/form-data encoding):
     * a quote or a line break cannot end the value or start a forged header.
     */
    static String quoted(String value) {
        return '"' + value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A") + '"';
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(chars));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("secret is not valid Unicode text");
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
