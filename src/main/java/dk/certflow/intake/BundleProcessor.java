package dk.certflow.intake;

import dk.certflow.time.Days;
import dk.certflow.config.Settings;
import dk.certflow.files.AtomicFiles;
import dk.certflow.files.BoundedRead;
import dk.certflow.findings.Audience;
import dk.certflow.findings.Finding;
import dk.certflow.findings.FindingCode;
import dk.certflow.inspect.Inspection;
import dk.certflow.inspect.InspectionReport;
import dk.certflow.inspect.InspectionText;
import dk.certflow.inspect.Inspector;
import dk.certflow.inventory.CertificateInventory;
import dk.certflow.inventory.CertificateRecord;
import dk.certflow.inventory.NewCertificate;
import dk.certflow.inventory.RecordResult;
import dk.certflow.inventory.SupersededCertificate;
import dk.certflow.inventory.UploadStatus;
import dk.certflow.json.Json;
import dk.certflow.notify.Event;
import dk.certflow.notify.Notifier;
import dk.certflow.oces.CertificateFacts;
import dk.certflow.oces.Cvr;
import dk.certflow.oces.JudgeSettings;
import dk.certflow.oces.OcesEnvironment;
import dk.certflow.onboarding.OnboardingFiles;
import dk.certflow.outbox.Deliveries;
import dk.certflow.onboarding.OnboardingRecord;
import dk.certflow.pem.PemWriter;
import dk.certflow.pem.PrivateKeyMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a bundle, in three decisions the intake route names: {@link #open} reads and judges it, then exactly
 * one of {@link #reject}, {@link #archiveDuplicate} or {@link #accept} puts it in its final place.
 *
 * <p>Order for crash safety: outputs first (rewritable), then the inventory record and the deliveries it owes (idempotent
 * by key), then the original leaves the drop folder. A crash anywhere leaves the original in the drop folder, and
 * processing it again finishes the job without uploading twice.
 */
public final class BundleProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(BundleProcessor.class);
    private static final long MAX_SIDECAR_BYTES = 64 * 1024;

    private final Settings settings;
    private final DropFolder drop;
    private final BundleStore store;
    private final Inspector inspector;
    private final CertificateInventory inventory;
    private final Deliveries deliveries;
    private final Notifier notifier;
    private final PemWriter pemWriter;
    private final Clock clock;
    private java.util.function.Consumer<Bundle.Outcome> outcomeListener = o -> { };
    private java.util.function.BiConsumer<CertificateRecord, Inspection> acceptedListener = (c, i) -> { };

    public BundleProcessor(Settings settings, DropFolder drop, BundleStore store, Inspector inspector,
                           CertificateInventory inventory, Deliveries deliveries, Notifier notifier, Clock clock) {
        this.settings = settings;
        this.drop = drop;
        this.store = store;
        this.inspector = inspector;
        this.inventory = inventory;
        this.deliveries = deliveries;
        this.notifier = notifier;
        this.pemWriter = new PemWriter();
        this.clock = clock;
    }

    /** Told of each bundle's final outcome (for metrics). */
    public void onOutcome(java.util.function.Consumer<Bundle.Outcome> listener) {
        this.outcomeListener = listener;
    }

    /**
     * Called with each newly accepted certificate and its inspection, after bundle.accepted went out: the deadline
     * check at once and the revocation status to remember. A failure there is logged; the bundle stays accepted.
     */
    public void onAccepted(java.util.function.BiConsumer<CertificateRecord, Inspection> listener) {
        this.acceptedListener = listener;
    }

    /** Reads and judges a ready file from the drop folder. */
    public Bundle open(Path file) throws IOException {
        String name = BundleStore.safeName(file.getFileName().toString());
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (DropFolder.isSidecar(file.getFileName().toString())) {
            Sidecar sidecar = readSidecarQuietly(file);
            return new Bundle(name, null, file, sidecar, null, List.of(Finding.error(FindingCode.ORPHAN_SIDECAR,
                    "no certificate named " + DropFolder.baseName(name) + ".* arrived within " + settings.folders().sidecarWait().toSeconds() + " s")),
                    settings.workzone().profile(), null, null, Bundle.Outcome.REJECTED);
        }
        Path sidecarFile = drop.sidecarFor(file.getFileName().toString());
        if (!Files.exists(sidecarFile, LinkOption.NOFOLLOW_LINKS)) {
            sidecarFile = null;
        }
        if (attrs.isSymbolicLink() || !attrs.isRegularFile()) {
            return rejected(name, file, sidecarFile, Sidecar.empty(), "a symbolic link or special file: certflow does not follow links");
        }
        Sidecar sidecar;
        try {
            sidecar = sidecarFile == null ? Sidecar.empty() : readSidecar(sidecarFile);
        } catch (IOException e) {
            return rejected(name, file, sidecarFile, Sidecar.empty(), "the sidecar cannot be used: " + e.getMessage());
        }
        List<Finding> sidecarProblems = sidecarProblems(sidecar);
        if (!sidecarProblems.isEmpty()) {
            return new Bundle(name, file, sidecarFile, sidecar, null, sidecarProblems, profileOf(sidecar), null, null, Bundle.Outcome.REJECTED);
        }
        char[] password = sidecar.password() != null ? sidecar.password().clone()
                : settings.validation().defaultPassword().isSet() ? settings.validation().defaultPassword().reveal() : null;
        long maxSize = settings.validation().maxFileSize();
        if (attrs.size() > maxSize) {
            return new Bundle(name, file, sidecarFile, sidecar, null, List.of(Finding.error(FindingCode.FILE_TOO_LARGE,
                    attrs.size() + " bytes, more than the " + maxSize + " allowed")), profileOf(sidecar), null, password, Bundle.Outcome.REJECTED);
        }
        byte[] content = BoundedRead.read(file, maxSize, LinkOption.NOFOLLOW_LINKS);
        if (content.length > maxSize) {
            return new Bundle(name, file, sidecarFile, sidecar, null, List.of(Finding.error(FindingCode.FILE_TOO_LARGE,
                    "the file grew past " + maxSize + " bytes while being read")), profileOf(sidecar), null, password, Bundle.Outcome.REJECTED);
        }
        Inspection inspection = inspector.inspect(content, name, password, judgeSettings(sidecar));
        List<Finding> findings = new ArrayList<>(inspection.findings());
        String configuredCvr = settings.validation().organisationCvr();
        if (configuredCvr != null && sidecar.cvr() != null && !configuredCvr.equals(sidecar.cvr())) {
            findings.add(Finding.error(FindingCode.CVR_MISMATCH, "the sidecar expects CVR " + sidecar.cvr()
                    + " but certflow.organisation.cvr is " + configuredCvr));
        }
        Bundle.Outcome outcome = Finding.anyError(findings) || inspection.facts() == null || inspection.facts().cvr() == null
                ? Bundle.Outcome.REJECTED
                : inventory.find(inspection.facts().sha256Fingerprint()).isPresent() ? Bundle.Outcome.DUPLICATE : Bundle.Outcome.ACCEPTED;
        return new Bundle(name, file, sidecarFile, sidecar, inspection, findings, profileOf(sidecar), content, password, outcome);
    }

    /** rejected/<stamp>-NAME/: the original, the sidecar without its password, reason.json and reason.txt. */
    public Bundle reject(Bundle bundle) throws IOException {
        try (bundle) {
            Inspection shown = new Inspection(bundle.getName(), bundle.findings(),
                    bundle.inspection() == null ? null : bundle.inspection().credential(),
                    bundle.inspection() == null ? null : bundle.inspection().judgement());
            Map<String, String> files = new LinkedHashMap<>();
            files.put("reason.json", Json.pretty(InspectionReport.of(shown)));
            files.put("reason.txt", InspectionText.render(shown, Audience.DROP_FOLDER) + unknownKeysText(bundle.sidecar()));
            keptSidecar(bundle, files);
            bundle.markPlacedAt(store.reject(bundle.getName(), bundle.file(), bundle.sidecarFile(), files));
            CertificateFacts facts = bundle.facts();
            String codes = bundle.findings().stream().filter(Finding::isError).map(f -> f.code().name()).distinct()
                    .reduce((a, b) -> a + ", " + b).orElse("");
            notifier.emit(new Event(Event.BUNDLE_REJECTED, Event.Severity.WARNING,
                    "Certificate bundle " + bundle.getName() + " was refused (" + codes + "); see " + bundle.getPlacedAt().resolve("reason.txt"),
                    facts == null ? null : facts.daysLeft(), null, facts == null ? null : ref(facts, bundle.profile()), clock.instant()));
            outcomeListener.accept(Bundle.Outcome.REJECTED);
            return bundle;
        }
    }

    /** archive/…/NAME/ for a certificate certflow already has; owed deliveries are made sure of, never repeated. */
    public Bundle archiveDuplicate(Bundle bundle) throws IOException {
        try (bundle) {
            CertificateRecord existing = inventory.find(bundle.getFingerprint()).orElseThrow();
            deliveries.owe(existing, bundle.getName(), bundle.content(), bundle.password());
            bundle.addNote("already recorded on " + existing.createdAt());
            archive(bundle);
            duplicate(bundle, existing);
            return bundle;
        }
    }

    /** Writes PEM and onboarding files, records the certificate and what it owes, archives the original. */
    public Bundle accept(Bundle bundle) throws IOException {
        try (bundle) {
            CertificateFacts facts = bundle.facts();
            Inspection inspection = bundle.inspection();
            Path outDir = settings.folders().out().resolve(facts.cvr()).resolve(facts.sha256Fingerprint());
            boolean hasKey = inspection.credential().privateKey() != null;
            boolean uploadable = hasKey && settings.workzone().uploadEnabled();
            UploadStatus upload = uploadable ? UploadStatus.PENDING : UploadStatus.DISABLED;
            Instant now = clock.instant();

            PrivateKeyMode keyMode = settings.validation().privateKey();
            if (keyMode == PrivateKeyMode.ENCRYPTED && (bundle.password() == null || bundle.password().length == 0)) {
                LOG.warn("{}: the PKCS#12 password is empty, so private-key.pem is not written (set certflow.pem.private-key=plain to write it)", bundle.getName());
                keyMode = PrivateKeyMode.NONE;
            }
            pemWriter.write(outDir, inspection.credential().leaf(), inspection.chain(),
                    inspection.credential().privateKey(), keyMode, bundle.password());
            String stagedPfx = null;
            if (hasKey && !settings.workzone().uploadEnabled()) {
                stagedPfx = DropFolder.baseName(bundle.getName()) + ".p12";
                AtomicFiles.write(outDir.resolve(stagedPfx), bundle.content());
            }
            OnboardingRecord record = OnboardingRecord.create(facts, systemOf(bundle.sidecar()), ipsOf(bundle.sidecar()), bundle.profile(),
                    upload.value(), now, settings.datafordeler().maxAuthorizationDays(), PemWriter.CERTIFICATE_FILE);
            OnboardingFiles.write(outDir, record, stagedPfx);

            RecordResult result = inventory.record(new NewCertificate(facts.sha256Fingerprint(), facts.sha1Thumbprint(), facts.cvr(),
                    facts.organisation(), facts.subject(), facts.issuer(), facts.serialNumber(), facts.uuid(), facts.environment(),
                    bundle.profile(), facts.notBefore(), facts.notAfter(), record.datafordeler().authorizationExpiry(),
                    bundle.getName(), outDir.toString(), upload));
            deliveries.owe(result.certificate(), bundle.getName(), bundle.content(), bundle.password());
            if (result.isDuplicate()) { // two copies dropped together: the other one recorded it a moment ago
                bundle.changeOutcome(Bundle.Outcome.DUPLICATE);
                bundle.addNote("recorded meanwhile by another bundle");
                archive(bundle);
                duplicate(bundle, result.certificate());
                return bundle;
            }
            archive(bundle);
            notifier.emit(new Event(Event.BUNDLE_ACCEPTED, Event.Severity.INFO, acceptedText(facts, bundle, result.superseded(), now),
                    facts.daysLeft(), null, ref(facts, bundle.profile()), now));
            try {
                acceptedListener.accept(result.certificate(), inspection);
            } catch (RuntimeException e) {
                LOG.warn("{}: accepted, but its deadline and revocation bookkeeping failed: {}", bundle.getName(), e.getMessage());
            }
            outcomeListener.accept(Bundle.Outcome.ACCEPTED);
            return bundle;
        }
    }

    /** A duplicate is announced the same way whether it was known before it was opened or recorded meanwhile. */
    private void duplicate(Bundle bundle, CertificateRecord existing) {
        notifier.emit(new Event(Event.BUNDLE_DUPLICATE, Event.Severity.INFO, "Certificate bundle " + bundle.getName()
                + " holds a certificate already recorded on " + existing.createdAt() + "; archived, not uploaded again",
                bundle.facts().daysLeft(), null, ref(bundle.facts(), existing.profile()), clock.instant()));
        outcomeListener.accept(Bundle.Outcome.DUPLICATE);
    }

    private Bundle archive(Bundle bundle) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        keptSidecar(bundle, files);
        bundle.markPlacedAt(store.archive(bundle.getName(), bundle.file(), bundle.sidecarFile(), files));
        return bundle;
    }

    private String acceptedText(CertificateFacts facts, Bundle bundle, List<SupersededCertificate> superseded, Instant now) {
        StringBuilder text = new StringBuilder("Certificate for CVR " + facts.cvr() + " (" + facts.environment() + ", valid until "
                + facts.notAfter().toString().substring(0, 10) + ") accepted for WorkZone profile " + bundle.profile());
        for (SupersededCertificate old : superseded) {
            long days = Days.left(now, old.notAfter());
            text.append("; replaces ").append(old.fingerprint(), 0, 16).append("… which expires in ").append(days).append(days == 1 ? " day" : " days");
        }
        return text.toString();
    }

    private static void keptSidecar(Bundle bundle, Map<String, String> files) {
        if (bundle.sidecarFile() != null) {
            files.put(BundleStore.safeName(bundle.sidecarFile().getFileName().toString()), bundle.sidecar().redacted());
        }
    }

    /** A misspelt key explains many a refusal (pasword= gives PASSWORD_MISSING): say so beside the findings. */
    private static String unknownKeysText(Sidecar sidecar) {
        List<String> hints = sidecar.unknownKeyHints();
        return hints.isEmpty() ? "" : "\nThe sidecar holds keys certflow does not know, and ignored them: " + String.join(", ", hints)
                + ".\nKnown keys: " + String.join(", ", new java.util.TreeSet<>(Sidecar.KEYS)) + ".\n";
    }

    static Event.CertificateRef ref(CertificateFacts facts, String profile) {
        return new Event.CertificateRef(facts.cvr(), facts.subject(), facts.sha256Fingerprint(), facts.notAfter(), profile);
    }

    private Bundle rejected(String name, Path file, Path sidecarFile, Sidecar sidecar, String why) {
        return new Bundle(name, file, sidecarFile, sidecar, null, List.of(Finding.error(FindingCode.UNREADABLE, why)),
                settings.workzone().profile(), null, null, Bundle.Outcome.REJECTED);
    }

    private JudgeSettings judgeSettings(Sidecar sidecar) {
        OcesEnvironment environment = sidecar.environment() != null ? OcesEnvironment.parse(sidecar.environment())
                : settings.validation().environment();
        String expectedCvr = sidecar.cvr() != null ? sidecar.cvr() : settings.validation().organisationCvr();
        return settings.validation().judgeSettings(environment, expectedCvr);
    }

    /** Sidecar values that cannot be right refuse the bundle before any key is derived. */
    private List<Finding> sidecarProblems(Sidecar sidecar) {
        List<Finding> problems = new ArrayList<>();
        if (sidecar.environment() != null) {
            try {
                OcesEnvironment.parse(sidecar.environment());
            } catch (IllegalArgumentException e) {
                problems.add(Finding.error(FindingCode.WRONG_ENVIRONMENT, "the sidecar's environment '" + sidecar.environment()
                        + "' is not a value certflow knows").withRemedy("Unknown value: use production, test or any as the sidecar's environment."));
            }
        }
        if (sidecar.cvr() != null && !Cvr.isValid(sidecar.cvr())) {
            problems.add(Finding.error(FindingCode.CVR_MISMATCH, "the sidecar's cvr '" + sidecar.cvr() + "' is not a valid CVR number")
                    .withRemedy("Give the sidecar's cvr= as the organisation's 8-digit CVR number, or leave the line out."));
        }
        for (String ip : sidecar.ips()) {
            if (!ip.replaceFirst("/32$", "").matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
                problems.add(Finding.error(FindingCode.UNREADABLE, "the sidecar's ip '" + ip + "' is not an IPv4 address")
                        .withRemedy("Give the sidecar's ip= as IPv4 addresses separated by commas, e.g. ip=192.0.2.10,192.0.2.11."));
            }
        }
        if (!sidecar.unknownKeys().isEmpty()) {
            LOG.warn("sidecar holds unknown keys, ignored: {} (known: {})", String.join(", ", sidecar.unknownKeyHints()),
                    String.join(", ", new java.util.TreeSet<>(Sidecar.KEYS)));
        }
        return problems;
    }

    private String profileOf(Sidecar sidecar) {
        return sidecar.profile() != null ? sidecar.profile() : settings.workzone().profile();
    }

    private String systemOf(Sidecar sidecar) {
        return sidecar.system() != null ? sidecar.system() : settings.datafordeler().system();
    }

    private List<String> ipsOf(Sidecar sidecar) {
        List<String> ips = sidecar.ips().isEmpty() ? settings.datafordeler().ipWhitelist() : sidecar.ips();
        return ips.stream().map(ip -> ip.endsWith("/32") ? ip : ip + "/32").toList();
    }

    private static Sidecar readSidecar(Path file) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            throw new IOException("it is a symbolic link or not a regular file");
        }
        byte[] content = BoundedRead.read(file, MAX_SIDECAR_BYTES, LinkOption.NOFOLLOW_LINKS);
        if (content.length > MAX_SIDECAR_BYTES) {
            throw new IOException("it is larger than " + MAX_SIDECAR_BYTES + " bytes");
        }
        return Sidecar.parse(content);
    }

    private static Sidecar readSidecarQuietly(Path file) {
        try {
            return readSidecar(file);
        } catch (IOException e) {
            return Sidecar.empty();
        }
    }
}
