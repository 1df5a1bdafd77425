package dk.certflow.service;

import dk.certflow.cluster.Cluster;
import dk.certflow.inventory.ClusterLedger;
import dk.certflow.config.Settings;
import dk.certflow.delivery.OAuthTokenSource;
import dk.certflow.files.AtomicFiles;
import dk.certflow.inspect.Inspector;
import dk.certflow.intake.BundleProcessor;
import dk.certflow.intake.BundleStore;
import dk.certflow.intake.DropFolder;
import dk.certflow.inventory.CertificateInventory;
import dk.certflow.inventory.Database;
import dk.certflow.inventory.NoticeLog;
import dk.certflow.inventory.Outbox;
import dk.certflow.inventory.RevocationLog;
import dk.certflow.inventory.RetryBackoff;
import dk.certflow.notify.DeliveryQueue;
import dk.certflow.notify.EventLog;
import dk.certflow.notify.Notifier;
import dk.certflow.oces.OcesJudge;
import dk.certflow.oces.TrustStore;
import dk.certflow.outbox.Deliveries;
import dk.certflow.outbox.LeasingQueue;
import dk.certflow.outbox.Mailer;
import dk.certflow.expiry.ExpiryWatch;
import dk.certflow.expiry.RevocationWatch;
import dk.certflow.pkcs12.CredentialReader;
import dk.certflow.revocation.Revocation;
import dk.certflow.revocation.RevocationChecker;
import dk.certflow.revocation.RevocationFetcher;
import dk.certflow.revocation.RevocationMode;
import dk.certflow.secrets.SecretBox;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the service is made of, built from the settings in one place: folders, database, judge, deliveries,
 * notifications. Plain Java; the Camel configuration binds these objects for the routes.
 */
public final class CertflowServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertflowServices.class);

    public final Settings settings;
    public final Clock clock;
    public final Database database;
    public final CertificateInventory inventory;
    public final Outbox outbox;
    public final NoticeLog notices;
    public final EventLog eventLog;
    public final Notifier notifier;
    public final Deliveries deliveries;
    /** WorkZone's OAuth 2 tokens; null when WorkZone is called without OAuth. */
    public final OAuthTokenSource workzoneTokens;
    public final DropFolder dropFolder;
    public final BundleStore bundleStore;
    public final BundleProcessor bundles;
    public final ExpiryWatch expiryWatch;
    public final Revocation revocation;
    public final RevocationLog revocations;
    public final RevocationWatch revocationWatch;
    public final Cluster cluster;

    private CertflowServices(Settings settings, Database database, DeliveryQueue queue, Mailer mailer,
            OAuthTokenSource.TokenEndpoint tokenEndpoint, RevocationFetcher revocationFetcher, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.database = database;
        Settings.Folders folders = settings.folders();
        this.inventory = new CertificateInventory(database, clock);
        // a delivery that failed waits at least one retry interval, and never less than one dispatch may take
        Duration budget = settings.delivery().dispatchBudget();
        Duration retry = settings.expiry().outboxRetryInterval();
        Duration firstWait = retry.compareTo(budget) > 0 ? retry : budget;
        this.outbox = new Outbox(database, clock, new RetryBackoff(firstWait, firstWait.compareTo(Duration.ofHours(1)) > 0 ? firstWait : Duration.ofHours(1)));
        int reconciled = inventory.reconcileUploads();
        if (reconciled > 0) {
            LOG.info("{} uploads delivered before a stop are now recorded as uploaded", reconciled);
        }
        String nodeId = settings.cluster().nodeId();
        DeliveryQueue leasing = new LeasingQueue(outbox, queue, budget, nodeId);
        this.notices = new NoticeLog(database, clock);
        this.eventLog = new EventLog(folders.data().resolve("events.jsonl"));
        this.notifier = new Notifier(eventLog, outbox, leasing, settings.notifications().webhookUrl(), settings.notifications().mail().enabled());

        Settings.WorkZone wz = settings.workzone();
        this.workzoneTokens = wz.oauthEnabled()
                ? new OAuthTokenSource(tokenEndpoint, wz.tokenUrl(), wz.clientId(), wz.clientSecret().reveal(), clock) : null;
        SecretBox secrets = SecretBox.open(folders.data().resolve("secret.key"));
        this.deliveries = new Deliveries(settings, outbox, inventory, secrets, leasing, notifier,
                settings.notifications().mail().enabled() ? mailer : null, clock);

        Path ca = settings.validation().trustCaFile();
        TrustStore trust = ca == null ? TrustStore.bundled() : TrustStore.fromPemFile(ca);
        Settings.RevocationCheck check = settings.revocation();
        this.revocation = check.mode() == RevocationMode.OFF ? Revocation.off()
                : new Revocation(check.mode(), new RevocationChecker(revocationFetcher, check.ocspUrl(), clock));
        Inspector inspector = new Inspector(new CredentialReader(settings.validation().limits()), new OcesJudge(trust, clock), revocation);
        // file ages are physical time, whatever clock the business rules run on
        this.dropFolder = new DropFolder(folders.drop(), folders.sidecarWait(),
                settings.validation().defaultPassword().isSet(), settings.validation().maxFileSize(), Clock.systemUTC());
        this.bundleStore = new BundleStore(folders.rejected(), folders.archive(), clock, nodeId);
        this.bundles = new BundleProcessor(settings, dropFolder, bundleStore, inspector, inventory, deliveries, notifier, clock);
        this.expiryWatch = new ExpiryWatch(inventory, notices, notifier, settings.expiry().thresholds(), clock);
        this.revocations = new RevocationLog(database, clock);
        this.revocationWatch = new RevocationWatch(inventory, revocations, revocation, notifier, clock);
        bundles.onAccepted((certificate, inspection) -> {
            if (inspection.revocation() != null) {
                revocations.record(certificate.fingerprint(), inspection.revocation());
            }
            expiryWatch.runFor(certificate);
        });
        // leases are measured in physical time, against the other nodes' clocks
        this.cluster = new Cluster(new ClusterLedger(database), outbox, bundleStore, settings.cluster(),
                !settings.database().embedded(), Clock.systemUTC());
        cluster.join();
    }

    /** Creates the folders (owner-only) and opens the database, then builds the rest on them. */
    public static CertflowServices start(Settings settings, DeliveryQueue queue, Mailer mailer,
            OAuthTokenSource.TokenEndpoint tokenEndpoint, RevocationFetcher revocationFetcher, Clock clock) throws IOException {
        Settings.Folders folders = settings.folders();
        for (Path dir : List.of(folders.data(), folders.drop(), folders.archive(), folders.rejected(), folders.out())) {
            AtomicFiles.createOwnerOnlyDirectories(dir);
        }
        Settings.Database db = settings.database();
        Database database = Database.open(db.url(), db.user(), db.password().isSet() ? db.password().revealAsString() : null);
        try {
            return new CertflowServices(settings, database, queue, mailer, tokenEndpoint, revocationFetcher, clock);
        } catch (IOException | RuntimeException e) {
            // whatever stops the start after the database opened (an unreadable secret.key, a node name in use) closes it:
            // its pool would otherwise keep H2's file locked for the rest of the process
            database.close();
            throw e;
        }
    }

    @Override
    public void close() {
        cluster.leave();
        database.close();
    }
}
