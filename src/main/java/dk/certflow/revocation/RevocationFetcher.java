package dk.certflow.revocation;

import java.io.IOException;
import java.net.URI;

/**
 * How the revocation checker reaches OCSP responders and CRL servers. An interface so the checker stays plain Java:
 * the service sends through Camel's http component (so certflow.http.* proxy and trust apply), the one-shot commands
 * through the JDK's client, tests through anything.
 */
public interface RevocationFetcher {

    /** POSTs {@code body} and returns the answer's body; a non-2xx answer, a timeout or no connection is an IOException. */
    byte[] post(URI uri, String contentType, byte[] body) throws IOException;

    /** GETs {@code uri}; the same rules as {@link #post}. */
    byte[] get(URI uri) throws IOException;
}
