package dk.certflow.delivery;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** URL building for configured endpoints. */
final class Urls {

    private Urls() {
    }

    /** {@code https://h/api/} + {@code /x} and {@code https://h/api} + {@code x} both give {@code https://h/api/x}. */
    static URI join(URI base, String path) {
        Objects.requireNonNull(base, "base URL");
        Objects.requireNonNull(path, "path");
        String left = base.toString();
        while (left.endsWith("/")) {
            left = left.substring(0, left.length() - 1);
        }
        String right = path.startsWith("/") ? path : "/" + path;
        return URI.create(left + right);
    }

    /** Encodes a value for use as one path segment: a space becomes %20 (not +), a slash %2F. */
    static String pathSegment(String value) {
        // URLEncoder writes a literal '+' as %2B, so any '+' left in its output stands for a space
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An absolute http(s) URL with a host: what every endpoint here must be. */
    static URI requireHttp(URI url, String what) {
        Objects.requireNonNull(url, what);
        String scheme = url.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null) {
            throw new IllegalArgumentException(what + " must be an absolute http(s) URL");
        }
        return url;
    }
}
