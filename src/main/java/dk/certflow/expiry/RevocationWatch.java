package dk.certflow.expiry;

import dk.certflow.inventory.CertificateInventory;
import dk.certflow.inventory.CertificateRecord;
import dk.certflow.inventory.RevocationLog;
import dk.certflow.notify.Event;
import dk.certflow.notify.Notifier;
import dk.certflow.pem.PemWriter;
import dk.certflow.revocation.Revocation;
import dk.certflow.revocation.RevocationStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily re-check (CONTRACTS §9): every active certificate is asked about again, its status recorded, and a
 * certificate found revoked after it was accepted gets one {@code certificate.revoked} notice, CRITICAL, ever. The
 * leaf and its issuer are read from the chain.pem written at acceptance.
 */
public final class RevocationWatch {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationWatch.class);

    private final CertificateInventory inventory;
    private final RevocationLog log;
    private final Revocation revocation;
    private final Notifier notifier;
    private final Clock clock;

    public RevocationWatch(CertificateInventory inventory, RevocationLog log, Revocation revocation, Notifier notifier, Clock clock) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.log = Objects.requireNonNull(log, "log");
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Re-checks every active certificate and returns the certificate.revoked notices sent. */
    public List<Event> run() {
        List<Event> sent = new ArrayList<>();
        for (CertificateRecord certificate : inventory.active()) {
            check(certificate).ifPresent(sent::add);
        }
        return sent;
    }

    private Optional<Event> check(CertificateRecord certificate) {
        Optional<List<X509Certificate>> chain = chain(certificate);
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        Optional<RevocationStatus> answer = revocation.check(chain.get().get(0), chain.get().get(1));
        if (answer.isEmpty()) {
            return Optional.empty(); // checking is off
        }
        RevocationStatus status = answer.get();
        log.record(certificate.fingerprint(), status);
        if (status.status() == RevocationStatus.Status.UNKNOWN) {
            LOG.warn("revocation status of {} (CVR {}) unknown: {}", certificate.fingerprint(), certificate.cvr(), status.reason());
        }
        if (!status.isRevoked() || log.revokedNoticeSent(certificate.fingerprint())) {
            return Optional.empty();
        }
        Event event = new Event(Event.CERTIFICATE_REVOKED, Event.Severity.CRITICAL, "The " + certificate.profile()
                + " certificate for CVR " + certificate.cvr() + " (" + certificate.subject() + ") was revoked on "
                + status.revokedAt() + " (reason: " + status.reason() + "); Datafordeler refuses it: order a new one in MitID Erhverv",
                null, null, new Event.CertificateRef(certificate.cvr(), certificate.subject(), certificate.fingerprint(),
                        certificate.notAfter(), certificate.profile()), clock.instant());
        notifier.queue(event); // queued before it is recorded: a kill in between means one more no-op try, not a lost notice
        if (!log.claimRevokedNotice(certificate.fingerprint())) {
            return Optional.empty();
        }
        notifier.announce(event);
        return Optional.of(event);
    }

    /** Leaf and issuer from the certificate's chain.pem; empty (and a warning) when there is none to check with. */
    private static Optional<List<X509Certificate>> chain(CertificateRecord certificate) {
        if (certificate.outDir() == null) {
            return Optional.empty();
        }
        Path file = Path.of(certificate.outDir()).resolve(PemWriter.CHAIN_FILE);
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> chain.add((X509Certificate) c));
            if (chain.size() >= 2) {
                return Optional.of(chain);
            }
            LOG.warn("revocation of {} not checked: {} holds no issuing CA", certificate.fingerprint(), file);
        } catch (IOException | CertificateException e) {
            LOG.warn("revocation of {} not checked: cannot read {} ({})", certificate.fingerprint(), file, e.getMessage());
        }
        return Optional.empty();
    }
}
