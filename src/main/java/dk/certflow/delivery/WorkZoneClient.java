package dk.certflow.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Objects;

/**
 * Uploads a certificate to a WorkZone auth profile (CONTRACTS §7): one attempt per call, classified. The only
 * repetition here is a single new try with a fresh token after a 401.
 */
public final class WorkZoneClient {

    public static final String DEFAULT_UPLOAD_PATH = "/auth-profiles/{profile}/certificate";
    static final String PKCS12_MEDIA_TYPE = "application/x-pkcs12";

    private final URI baseUrl;
    private final String uploadPathTemplate;
    private final OAuthTokenSource tokens;
    private final HttpClient client;
    private final HttpSettings settings;

    /**
     * @param uploadPathTemplate appended to {@code baseUrl}; {@code {profile}} is replaced by the encoded profile.
     *                           {@code null} means {@link #DEFAULT_UPLOAD_PATH}
     * @param tokens             {@code null} when WorkZone is called without OAuth
     */
    public WorkZoneClient(URI baseUrl, String uploadPathTemplate, OAuthTokenSource tokens, HttpClient client,
            HttpSettings settings) {
        this.baseUrl = Urls.requireHttp(baseUrl, "WorkZone base URL");
        this.uploadPathTemplate = uploadPathTemplate == null ? DEFAULT_UPLOAD_PATH : uploadPathTemplate;
        this.tokens = tokens;
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public URI uploadUrl(String profile) {
        return Urls.join(baseUrl, uploadPathTemplate.replace("{profile}", Urls.pathSegment(profile)));
    }

    public DeliveryResult upload(WorkZoneUpload upload) {
        Objects.requireNonNull(upload, "upload");
        URI url = uploadUrl(upload.profile());
        MultipartBody multipart = new MultipartBody()
                .file("certificate", upload.fileName(), PKCS12_MEDIA_TYPE, upload.pkcs12())
                .field("password", upload.password())
                .field("profile", upload.profile())
                .field("thumbprint", upload.sha1Thumbprint())
                .field("notAfter", upload.notAfter().toString());
        byte[] body = multipart.build();
        try {
            if (tokens == null) {
                return attempt(url, multipart.contentType(), body, upload, null);
            }
            String token = tokens.token();
            DeliveryResult first = attempt(url, multipart.contentType(), body, upload, token);
            if (first.httpStatus() != 401) {
                return first;
            }
            // the token may have been revoked before its time: one more try with a fresh one
            tokens.invalidate(token);
            DeliveryResult second = attempt(url, multipart.contentType(), body, upload, tokens.token());
            return second.httpStatus() == 401
                    ? new DeliveryResult(second.outcome(), 401, second.message() + " (also with a fresh token)")
                    : second;
        } catch (TokenException e) {
            return e.toResult();
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private DeliveryResult attempt(URI url, String contentType, byte[] body, WorkZoneUpload upload, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(settings.requestTimeout())
                .header("Content-Type", contentType)
                .header("Idempotency-Key", upload.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = HttpCalls.send(client, request.build(), settings.requestTimeout());
            return HttpCalls.resultOf(response.statusCode(), response.body(), secrets(upload, token));
        } catch (IOException e) {
            return HttpCalls.failureOf(e, secrets(upload, token));
        } catch (InterruptedException e) {
            return HttpCalls.interrupted();
        }
    }

    /** What a remote echo must not carry into a message. */
    private static String[] secrets(WorkZoneUpload upload, String token) {
        return new String[] {new String(upload.password()), token};
    }
}
