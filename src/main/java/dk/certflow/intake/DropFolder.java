package dk.certflow.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import dk.certflow.pkcs12.CredentialReader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of the drop folder: which names are ignored, which file is a sidecar, and when a file is ready to become a
 * bundle. A PKCS#12 file waits for its sidecar (up to sidecar-wait) unless a default password is configured; a sidecar
 * left alone becomes a bundle of its own (refused as ORPHAN_SIDECAR) after the same wait.
 */
public final class DropFolder {

    private static final Logger LOG = LoggerFactory.getLogger(DropFolder.class);
    /**
     * How long a file must be left alone before it is looked at. A copy that pauses longer is still never read early:
     * an incomplete PKCS#12, DER or PEM file is recognised by its content and waits.
     */
    static final Duration QUIET = Duration.ofMillis(200);

    private final Path dir;
    private final Duration sidecarWait;
    private final boolean defaultPasswordConfigured;
    private final long maxFileSize;
    private final Clock clock;
    /** Certificates already announced as waiting for their sidecar, so the log says it once, not at every poll. */
    private final Set<String> waitingForSidecar = ConcurrentHashMap.newKeySet();
    /** Certificates already announced as incomplete. */
    private final Set<String> incomplete = ConcurrentHashMap.newKeySet();

    /** @param maxFileSize the largest certificate file certflow reads (certflow.pkcs12.max-file-size) */
    public DropFolder(Path dir, Duration sidecarWait, boolean defaultPasswordConfigured, long maxFileSize, Clock clock) {
        this.dir = dir;
        this.sidecarWait = sidecarWait;
        this.defaultPasswordConfigured = defaultPasswordConfigured;
        this.maxFileSize = maxFileSize;
        this.clock = clock;
    }

    public Path dir() {
        return dir;
    }

    /** Hidden files and files still being copied under a temporary name are never touched. */
    public static boolean isIgnored(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return name.startsWith(".") || lower.endsWith(".tmp") || lower.endsWith(".part");
    }

    public static boolean isSidecar(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".properties");
    }

    public static boolean isPkcs12(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".p12") || lower.endsWith(".pfx");
    }

    /** NAME of NAME.ext: what pairs a certificate with its sidecar. */
    public static String baseName(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    public Path sidecarFor(String certificateName) {
        return dir.resolve(baseName(certificateName) + ".properties");
    }

    /** The certificate a sidecar belongs to, if it is in the drop folder. */
    public Optional<Path> certificateFor(String sidecarName) throws IOException {
        String base = baseName(sidecarName);
        try (var files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return !isSidecar(n) && !isIgnored(n) && baseName(n).equals(base);
            }).findFirst();
        }
    }

    /** Whether a file (name in the drop folder) should be processed now; false means "look again later". */
    public boolean isReady(Path file) {
        String name = file.getFileName().toString();
        if (isIgnored(name)) {
            return false;
        }
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isDirectory()) {
                return false;
            }
            if (attrs.isSymbolicLink() || !attrs.isRegularFile()) {
                return true; // refused without being followed
            }
            Duration age = age(attrs.lastModifiedTime().toInstant());
            if (age.compareTo(QUIET) < 0) {
                return false; // written a moment ago: perhaps still being written
            }
            if (isSidecar(name)) { // the wait first: looking for its certificate lists the folder
                return age.compareTo(sidecarWait) >= 0 && certificateFor(name).isEmpty();
            }
            if (attrs.size() > maxFileSize) {
                return true; // refused as too large, before anything reads it
            }
            if (!CredentialReader.looksComplete(file) && age.compareTo(sidecarWait) < 0) {
                // cut short, as a file written in pieces is: wait; refused as truncated once sidecar-wait has passed
                if (incomplete.add(name)) {
                    LOG.info("{} looks incomplete (still being written?): waiting up to {} s for the rest",
                            BundleStore.safeName(name), sidecarWait.minus(age).toSeconds());
                }
                return false;
            }
            incomplete.remove(name);
            if (!isPkcs12(name) || defaultPasswordConfigured) {
                return true;
            }
            Path sidecar = sidecarFor(name);
            if (Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
                waitingForSidecar.remove(name);
                return age(Files.getLastModifiedTime(sidecar, LinkOption.NOFOLLOW_LINKS).toInstant()).compareTo(QUIET) >= 0;
            }
            if (age.compareTo(sidecarWait) >= 0) {
                waitingForSidecar.remove(name);
                return true;
            }
            if (waitingForSidecar.add(name)) {
                LOG.info("{} waits up to {} s for its sidecar {} with the password (or set certflow.pkcs12.password-file)",
                        BundleStore.safeName(name), sidecarWait.minus(age).toSeconds(),
                        BundleStore.safeName(sidecar.getFileName().toString()));
            }
            return false;
        } catch (IOException e) {
            return false; // gone or unreadable right now: the next poll sees it again
        }
    }

    private Duration age(Instant modified) {
        Duration age = Duration.between(modified, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }
}
