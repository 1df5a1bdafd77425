package dk.certflow.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dk.certflow.files.AtomicFiles;
import dk.certflow.json.Json;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import dk.certflow.pki.IssuedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loopback stand-ins for the systems certflow delivers to: an OAuth token endpoint, the WorkZone certificate upload and
 * the onboarding-record receiver. Each request is printed as one line and appended to a JSON-lines file per endpoint.
 * Demo material: what arrives is recorded by shape (part names, sizes, headers present), never a secret's value.
 */
public final class StandIns implements AutoCloseable {

    /** The token the stand-in hands out; an upload is expected to carry it as its Bearer token. */
    public static final String ACCESS_TOKEN = "demo-access-token";
    public static final String UPLOADS_FILE = "workzone-uploads.jsonl";
    public static final String RECORDS_FILE = "records.jsonl";
    public static final String TOKENS_FILE = "token-requests.jsonl";

    private static final Pattern UPLOAD_PATH = Pattern.compile("/workzone/auth-profiles/([^/]+)/certificate");

    /** One multipart part: its name, the file name it came with (or null) and its size. */
    public record Part(String name, String fileName, int size) {
    }

    /** One upload as WorkZone saw it. */
    public record Upload(Instant at, String path, String profile, String idempotencyKey, boolean bearerToken,
                         List<Part> parts) {

        public Part part(String name) {
            return parts.stream().filter(p -> name.equals(p.name())).findFirst().orElse(null);
        }
    }

    /** One onboarding record as the receiver saw it. */
    public record RecordPost(Instant at, String path, String contentType, int size, String schema, String cvr,
                             String sha256Fingerprint) {
    }

    /** One token request: the grant type and client id it asked with (the client secret is not kept). */
    public record TokenRequest(Instant at, String grantType, String clientId) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Path logDir;
    private final Consumer<String> printer;
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final List<RecordPost> records = new CopyOnWriteArrayList<>();
    private final List<TokenRequest> tokens = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger ocspRequests = new java.util.concurrent.atomic.AtomicInteger();
    private volatile IssuedCertificate ocspIssuer;

    private StandIns(Path logDir, Consumer<String> printer) throws IOException {
        this.logDir = AtomicFiles.createOwnerOnlyDirectories(logDir);
        this.printer = printer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/workzone/", this::upload);
        server.createContext("/records", this::record);
        server.createContext("/ocsp", this::ocsp);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Starts the stand-ins on a free loopback port.
     *
     * @param logDir  where the JSON-lines files of what arrived go
     * @param printer told one readable line per request
     */
    public static StandIns start(Path logDir, Consumer<String> printer) throws IOException {
        return new StandIns(logDir, printer);
    }

    public URI tokenUrl() {
        return uri("/token");
    }

    /** WorkZone's base URL; certflow appends /auth-profiles/{profile}/certificate. */
    public URI workzoneBaseUrl() {
        return uri("/workzone");
    }

    /** The OCSP responder of the demo PKI (once {@link #answerOcspFor} has been told its issuing CA). */
    public URI ocspUrl() {
        return uri("/ocsp");
    }

    /**
     * Answers OCSP for certificates of this issuing CA: every one is "good", signed by the CA itself, valid for an
     * hour. The demo's certificate names the real test responder, so the demo points certflow.revocation.ocsp-url here.
     */
    public void answerOcspFor(IssuedCertificate issuing) {
        this.ocspIssuer = issuing;
    }

    public int ocspRequests() {
        return ocspRequests.get();
    }

    public URI recordsUrl() {
        return uri("/records");
    }

    public Path logDir() {
        return logDir;
    }

    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    public List<RecordPost> records() {
        return List.copyOf(records);
    }

    public List<TokenRequest> tokenRequests() {
        return List.copyOf(tokens);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void ocsp(HttpExchange exchange) throws IOException {
        try (exchange) {
            IssuedCertificate issuing = ocspIssuer;
            if (!"POST".equals(exchange.getRequestMethod()) || issuing == null) {
                exchange.sendResponseHeaders(issuing == null ? 404 : 405, -1);
                return;
            }
            byte[] answer;
            try {
                org.bouncycastle.cert.ocsp.OCSPReq request = new org.bouncycastle.cert.ocsp.OCSPReq(exchange.getRequestBody().readAllBytes());
                var holder = new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(issuing.certificate());
                var builder = new org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder(new org.bouncycastle.cert.ocsp.RespID(holder.getSubject()));
                java.util.Date now = new java.util.Date();
                java.util.Date nextUpdate = new java.util.Date(now.getTime() + 3_600_000L);
                for (org.bouncycastle.cert.ocsp.Req one : request.getRequestList()) {
                    builder.addResponse(one.getCertID(), org.bouncycastle.cert.ocsp.CertificateStatus.GOOD, now, nextUpdate);
                }
                var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(issuing.privateKey());
                answer = new org.bouncycastle.cert.ocsp.OCSPRespBuilder().build(org.bouncycastle.cert.ocsp.OCSPRespBuilder.SUCCESSFUL,
                        builder.build(signer, null, now)).getEncoded();
            } catch (IOException | org.bouncycastle.operator.OperatorCreationException
                     | org.bouncycastle.cert.ocsp.OCSPException | java.security.cert.CertificateEncodingException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            ocspRequests.incrementAndGet();
            printer.accept("OCSP stand-in: answered 'good' for the demo certificate");
            exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                refuse(exchange, "token", 405);
                return;
            }
            String form = new String(read(exchange), StandardCharsets.UTF_8);
            TokenRequest request = new TokenRequest(Instant.now(), formValue(form, "grant_type"), formValue(form, "client_id"));
            tokens.add(request);
            append(TOKENS_FILE, request);
            printer.accept("[stand-in token]    POST " + exchange.getRequestURI().getPath() + "  grant_type=" + request.grantType()
                    + ", client_id=" + request.clientId() + "  -> 200 (token valid 300 s)");
            respond(exchange, 200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
        }
    }

    private void upload(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Matcher m = UPLOAD_PATH.matcher(path);
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                refuse(exchange, "WorkZone", 404);
                return;
            }
            byte[] body = read(exchange);
            List<Part> parts;
            try {
                parts = parts(exchange.getRequestHeaders().getFirst("Content-Type"), body);
            } catch (MessagingException | IOException e) {
                printer.accept("[stand-in WorkZone] POST " + path + "  not multipart/form-data (" + e.getMessage() + ")  -> 400");
                respond(exchange, 400, "{\"error\":\"expected multipart/form-data\"}");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Upload upload = new Upload(Instant.now(), path, URLDecoder.decode(m.group(1), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), ("Bearer " + ACCESS_TOKEN).equals(authorization),
                    parts);
            uploads.add(upload);
            append(UPLOADS_FILE, upload);
            printer.accept("[stand-in WorkZone] POST " + path + "  parts: " + describe(parts) + "  Idempotency-Key: "
                    + upload.idempotencyKey() + "  Bearer token: " + (upload.bearerToken() ? "yes" : "NO") + "  -> 201");
            respond(exchange, 201, "{\"status\":\"created\"}");
        }
    }

    private void record(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                refuse(exchange, "records", 405);
                return;
            }
            byte[] body = read(exchange);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            JsonNode json;
            try {
                json = Json.mapper().readTree(body);
            } catch (IOException e) {
                printer.accept("[stand-in records]  POST " + exchange.getRequestURI().getPath() + "  not JSON  -> 400");
                respond(exchange, 400, "{\"error\":\"expected JSON\"}");
                return;
            }
            RecordPost record = new RecordPost(Instant.now(), exchange.getRequestURI().getPath(), contentType, body.length,
                    json.path("schema").asText(null), json.at("/organisation/cvr").asText(null),
                    json.at("/certificate/sha256Fingerprint").asText(null));
            records.add(record);
            append(RECORDS_FILE, record);
            printer.accept("[stand-in records]  POST " + record.path() + "  " + record.schema() + " for CVR " + record.cvr()
                    + ", certificate " + record.sha256Fingerprint() + " (" + body.length + " bytes)  -> 201");
            respond(exchange, 201, "{\"status\":\"created\"}");
        }
    }

    private void refuse(HttpExchange exchange, String endpoint, int status) throws IOException {
        read(exchange);
        printer.accept("[stand-in " + endpoint + "] " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                + "  not served here  -> " + status);
        respond(exchange, status, "{\"error\":\"not served by the demo stand-in\"}");
    }

    static List<Part> parts(String contentType, byte[] body) throws MessagingException, IOException {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new MessagingException("Content-Type is " + contentType);
        }
        MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(body, contentType));
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            MimeBodyPart part = (MimeBodyPart) multipart.getBodyPart(i);
            ContentDisposition disposition = new ContentDisposition(part.getHeader("Content-Disposition", null));
            int size;
            try (InputStream in = part.getRawInputStream()) {
                size = in.readAllBytes().length;
            }
            parts.add(new Part(disposition.getParameter("name"), disposition.getParameter("filename"), size));
        }
        return parts;
    }

    private static String describe(List<Part> parts) {
        List<String> described = new ArrayList<>();
        for (Part p : parts) {
            described.add(p.name() + " (" + (p.fileName() == null ? "" : p.fileName() + ", ") + p.size() + " bytes)");
        }
        return String.join(", ", described);
    }

    private static String formValue(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private synchronized void append(String file, Object entry) throws IOException {
        Files.writeString(logDir.resolve(file), Json.write(entry) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static byte[] read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
