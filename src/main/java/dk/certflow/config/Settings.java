package dk.certflow.config;

import dk.certflow.oces.JudgeSettings;
import dk.certflow.oces.OcesEnvironment;
import dk.certflow.pem.PrivateKeyMode;
import dk.certflow.pkcs12.Pkcs12Limits;
import dk.certflow.revocation.RevocationMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.quartz.CronExpression;

/**
 * The whole configuration of certflow, typed and validated. Built once at start; an invalid value stops the start
 * with a {@link ConfigException} that names the key.
 */
public record Settings(
        Folders folders,
        Database database,
        Validation validation,
        WorkZone workzone,
        Datafordeler datafordeler,
        Delivery delivery,
        Http http,
        Expiry expiry,
        Notifications notifications,
        RevocationCheck revocation,
        int managementPort,
        String managementHost,
        Cluster cluster,
        Secret managementToken) {

    public record Folders(Path data, Path drop, Path archive, Path rejected, Path out,
                          Duration sidecarWait, Duration pollInterval, int concurrency) {
    }

    public record Database(String url, String user, Secret password) {

        /** The embedded H2 database: one process at a time, so one node. */
        public boolean embedded() {
            return url.startsWith("jdbc:h2:");
        }
    }

    /**
     * Two or more nodes on one PostgreSQL database (CONTRACTS §11).
     *
     * @param nodeId   this process's name in logs, health, status and the leases it holds
     * @param takeover how soon the others take over the bundles, deliveries and timers of a node that stopped answering
     */
    public record Cluster(String nodeId, Duration takeover) {

        /** How often a node says it is alive: three times per takeover, so one missed beat is no takeover. */
        public Duration heartbeat() {
            return takeover.dividedBy(3);
        }

        /** How long a lease lasts without renewal; with one heartbeat to notice, a dead node's work moves within takeover. */
        public Duration leaseTime() {
            return takeover.minus(heartbeat());
        }
    }

    public record Validation(Path trustCaFile, OcesEnvironment environment, String organisationCvr,
                             int minDaysLeft, int warnDaysLeft, int minRsaBits,
                             long maxFileSize, int maxIterations, Secret defaultPassword,
                             PrivateKeyMode privateKey) {

        public Pkcs12Limits limits() {
            return new Pkcs12Limits(maxFileSize, maxIterations);
        }

        public JudgeSettings judgeSettings(OcesEnvironment required, String expectedCvr) {
            return new JudgeSettings(required, expectedCvr, minDaysLeft, warnDaysLeft, minRsaBits);
        }
    }

    public record WorkZone(URI baseUrl, String uploadPath, String profile,
                           URI tokenUrl, String clientId, Secret clientSecret) {

        public boolean uploadEnabled() {
            return baseUrl != null;
        }

        public boolean oauthEnabled() {
            return tokenUrl != null;
        }
    }

    public record Datafordeler(URI recordsUrl, List<String> ipWhitelist, String system, int maxAuthorizationDays) {
    }

    public record Delivery(Duration connectTimeout, Duration requestTimeout, int attempts, Duration backoff) {

        /**
         * The longest one dispatch can take with all its attempts in a row (each may time out, with doubling waits
         * between), plus slack: how long a dispatched delivery is left alone by the retry timer.
         */
        public Duration dispatchBudget() {
            Duration attemptsTime = connectTimeout.plus(requestTimeout).multipliedBy(attempts);
            Duration waits = backoff.multipliedBy((1L << (attempts - 1)) - 1);
            return attemptsTime.plus(waits).plusSeconds(10);
        }
    }

    /**
     * How outgoing HTTP reaches the network (CONTRACTS §10): an optional proxy with the hosts that bypass it, CAs
     * trusted in addition to the JDK's, and a client certificate for mutual TLS.
     *
     * @param noProxy hosts that bypass the proxy: an exact name, or {@code .suffix} for every host below it
     */
    public record Http(URI proxy, String proxyUser, Secret proxyPassword, List<String> noProxy,
                       Path trustCaFile, Path clientCertificate, Secret clientCertificatePassword) {

        public boolean proxied() {
            return proxy != null;
        }
    }

    public record Expiry(String schedule, List<Integer> thresholds, Duration outboxRetryInterval, Duration outboxMaxAge) {
    }

    /** CONTRACTS §9: how revocation is checked; {@code ocspUrl} replaces each certificate's responder when set. */
    public record RevocationCheck(RevocationMode mode, URI ocspUrl, Duration timeout) {
    }

    public record Notifications(URI webhookUrl, Secret webhookToken, Mail mail) {
    }

    public record Mail(List<String> to, String from, String smtpHost, int smtpPort, String username, Secret password) {

        public boolean enabled() {
            return !to.isEmpty() && smtpHost != null;
        }
    }

    public static Settings from(Map<String, String> resolved) {
        Values v = new Values(resolved);
        Folders folders = new Folders(
                v.path("certflow.data-dir"), v.path("certflow.drop.dir"), v.path("certflow.archive.dir"),
                v.path("certflow.rejected.dir"), v.path("certflow.out.dir"),
                v.duration("certflow.drop.sidecar-wait"), positive(v, "certflow.drop.poll-interval"),
                v.integer("certflow.drop.concurrency", 1, 64));
        Database database = new Database(v.required("certflow.db.url"), v.optional("certflow.db.user"),
                v.secret("certflow.db.password"));
        if (!database.url().startsWith("jdbc:")) {
            throw new ConfigException("certflow.db.url: '" + database.url() + "' is not a JDBC URL (jdbc:h2:file:... or jdbc:postgresql://...)");
        }
        String cvr = v.optional("certflow.organisation.cvr");
        if (cvr != null && !dk.certflow.oces.Cvr.isValid(cvr)) {
            throw new ConfigException("certflow.organisation.cvr: '" + cvr + "' is not a valid CVR number (8 digits, modulus 11)");
        }
        int minDays = v.integer("certflow.validation.min-days-left", 0, 3650);
        int warnDays = v.integer("certflow.validation.warn-days-left", 0, 3650);
        if (warnDays < minDays) {
            throw new ConfigException("certflow.validation.warn-days-left: must not be below certflow.validation.min-days-left (" + minDays + ")");
        }
        Validation validation = new Validation(
                v.optionalPath("certflow.trust.ca-file"),
                v.choice("certflow.oces.environment", OcesEnvironment::parse),
                cvr, minDays, warnDays,
                v.integer("certflow.validation.min-rsa-bits", 1024, 16384),
                v.longValue("certflow.pkcs12.max-file-size", 1024, 64L * 1024 * 1024),
                v.integer("certflow.pkcs12.max-iterations", 1, Integer.MAX_VALUE),
                v.secret("certflow.pkcs12.password"),
                v.choice("certflow.pem.private-key", PrivateKeyMode::parse));
        if (validation.trustCaFile() != null && !java.nio.file.Files.isReadable(validation.trustCaFile())) {
            throw new ConfigException("certflow.trust.ca-file: cannot read " + validation.trustCaFile());
        }
        WorkZone workzone = new WorkZone(
                v.optionalHttpUrl("certflow.workzone.base-url"), v.required("certflow.workzone.upload-path"),
                v.required("certflow.workzone.profile"), v.optionalHttpUrl("certflow.workzone.oauth.token-url"),
                v.optional("certflow.workzone.oauth.client-id"), v.secret("certflow.workzone.oauth.client-secret"));
        if (!workzone.uploadPath().startsWith("/")) {
            throw new ConfigException("certflow.workzone.upload-path: must start with / (e.g. /auth-profiles/{profile}/certificate)");
        }
        if (workzone.oauthEnabled() && (workzone.clientId() == null || !workzone.clientSecret().isSet())) {
            throw new ConfigException("certflow.workzone.oauth.client-id: token-url is set, so client-id and client-secret (or client-secret-file) must be set too");
        }
        Datafordeler datafordeler = new Datafordeler(
                v.optionalHttpUrl("certflow.datafordeler.records-url"), v.ipv4List("certflow.datafordeler.ip-whitelist"),
                v.optional("certflow.datafordeler.system"), v.integer("certflow.datafordeler.max-authorization-days", 1, 730));
        Delivery delivery = new Delivery(
                positive(v, "certflow.http.connect-timeout"), positive(v, "certflow.http.request-timeout"),
                v.integer("certflow.delivery.attempts", 1, 20), positive(v, "certflow.delivery.backoff"));
        Http http = http(v);
        String schedule = v.required("certflow.expiry.schedule");
        if (!CronExpression.isValidExpression(schedule)) {
            throw new ConfigException("certflow.expiry.schedule: '" + schedule + "' is not a Quartz cron expression (e.g. 0 0 7 * * ?)");
        }
        List<Integer> thresholds = v.thresholds("certflow.expiry.thresholds");
        if (thresholds.isEmpty()) {
            throw new ConfigException("certflow.expiry.thresholds: give at least one number of days, e.g. 90,60,30,14,7,1,0");
        }
        Expiry expiry = new Expiry(schedule, thresholds,
                positive(v, "certflow.outbox.retry-interval"), positive(v, "certflow.outbox.max-age"));
        Mail mail = new Mail(v.list("certflow.notify.mail.to"), v.required("certflow.notify.mail.from"),
                v.optional("certflow.notify.mail.smtp-host"), v.integer("certflow.notify.mail.smtp-port", 1, 65535),
                v.optional("certflow.notify.mail.username"), v.secret("certflow.notify.mail.password"));
        Notifications notifications = new Notifications(v.optionalHttpUrl("certflow.notify.webhook-url"), v.secret("certflow.notify.webhook-token"), mail);
        if (notifications.webhookToken().isSet()
                && !new String(notifications.webhookToken().reveal()).chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ConfigException("certflow.notify.webhook-token: holds characters an HTTP header cannot carry (spaces, line breaks, non-ASCII)");
        }
        URI ocspUrl = v.optionalHttpUrl("certflow.revocation.ocsp-url");
        if (ocspUrl != null && ocspUrl.getRawUserInfo() != null) {
            throw new ConfigException("certflow.revocation.ocsp-url: must not carry credentials (user:password@)");
        }
        RevocationCheck revocation = new RevocationCheck(v.choice("certflow.revocation.mode", RevocationMode::parse),
                ocspUrl, positive(v, "certflow.revocation.timeout"));
        int port = v.integer("certflow.management.port", 0, 65535);
        return new Settings(folders, database, validation, workzone, datafordeler, delivery, http, expiry, notifications,
                revocation, port,
                v.required("certflow.management.host"), cluster(v), managementToken(v));
    }

    private static Cluster cluster(Values v) {
        String nodeId = v.optional("certflow.node.id");
        if (nodeId == null) {
            nodeId = NodeNames.defaultNodeId();
        } else if (!nodeId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
            throw new ConfigException("certflow.node.id: '" + nodeId + "' must be 1 to 100 letters, digits, '.', '_', ':' or '-' (e.g. ops1)");
        }
        Duration takeover = v.duration("certflow.cluster.takeover");
        if (takeover.compareTo(Duration.ofSeconds(3)) < 0 || takeover.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException("certflow.cluster.takeover: must be between 3s and 1h (default 30s)");
        }
        return new Cluster(nodeId, takeover);
    }

    /** CONTRACTS §12: a bearer token an HTTP header can carry, long enough not to be guessed. */
    private static Secret managementToken(Values v) {
        Secret token = v.secret("certflow.management.token");
        if (token.isSet()) {
            String value = token.revealAsString();
            if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new ConfigException("certflow.management.token: holds characters an HTTP header cannot carry (spaces, line breaks, non-ASCII)");
            }
            if (value.length() < 16) {
                throw new ConfigException("certflow.management.token: too short to be safe; use at least 16 characters, e.g. from openssl rand -hex 32");
            }
        }
        return token;
    }

    private static Http http(Values v) {
        URI proxy = v.optionalHttpUrl("certflow.http.proxy");
        if (proxy != null && (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getPort() < 0
                || !(proxy.getRawPath() == null || proxy.getRawPath().isEmpty() || proxy.getRawPath().equals("/"))
                || proxy.getRawUserInfo() != null || proxy.getRawQuery() != null)) {
            throw new ConfigException("certflow.http.proxy: '" + proxy.getScheme() + "://" + proxy.getHost()
                    + "…' is not of the form http://host:port (credentials go in certflow.http.proxy-user and -password)");
        }
        String user = v.optional("certflow.http.proxy-user");
        Secret password = v.secret("certflow.http.proxy-password");
        if ((user != null || password.isSet()) && proxy == null) {
            throw new ConfigException("certflow.http.proxy-user: set only with certflow.http.proxy");
        }
        if ((user == null) != !password.isSet()) {
            throw new ConfigException("certflow.http.proxy-user: give both the user and certflow.http.proxy-password (or -file), or neither");
        }
        List<String> noProxy = v.list("certflow.http.no-proxy");
        for (String host : noProxy) {
            if (!host.matches("\\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
                throw new ConfigException("certflow.http.no-proxy: '" + host + "' is neither a host name or address nor a .suffix (e.g. localhost,127.0.0.1,.internal.example)");
            }
        }
        Path trust = v.optionalPath("certflow.http.trust-ca-file");
        if (trust != null && !java.nio.file.Files.isReadable(trust)) {
            throw new ConfigException("certflow.http.trust-ca-file: cannot read " + trust);
        }
        Path clientCertificate = v.optionalPath("certflow.http.client-certificate");
        Secret clientPassword = v.secret("certflow.http.client-certificate-password");
        if (clientCertificate != null && !java.nio.file.Files.isReadable(clientCertificate)) {
            throw new ConfigException("certflow.http.client-certificate: cannot read " + clientCertificate);
        }
        if (clientCertificate != null && !clientPassword.isSet()) {
            throw new ConfigException("certflow.http.client-certificate-password: the client certificate needs its password (or -file)");
        }
        return new Http(proxy, user, password, noProxy, trust, clientCertificate, clientPassword);
    }

    private static Duration positive(Values v, String key) {
        Duration d = v.duration(key);
        if (d.isZero()) {
            throw new ConfigException(key + ": must be longer than zero");
        }
        return d;
    }
}
