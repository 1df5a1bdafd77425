package dk.certflow.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** URL pieces for configured endpoints. */
final class Urls {

    private Urls() {
    }

    /** Encodes a value for use as one path segment: a space becomes %20 (not +), a slash %2F. */
    static String pathSegment(String value) {
        // URLEncoder writes a literal '+' as %2B, so any '+' left in its output stands for a space
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
