package dk.certflow.intake;

import dk.certflow.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Puts a finished bundle in its one final place, {@code rejected/<yyyyMMdd-HHmmss>-NAME/} or
 * {@code archive/<yyyy>/<MM>/<dd>/NAME/}, so that a crash at any moment leaves it either still in the drop folder or
 * complete in its place, never in both and never half-done.
 *
 * <p>How: everything is prepared in a hidden staging folder beside the final place; a manifest written last marks the
 * staging complete; then the original is moved in, the dropped sidecar deleted, the manifest moved out beside the
 * staging folder, the folder renamed into place and the manifest deleted. Across file systems the original is copied
 * under a partial name and deleted from the drop folder only once the copy is whole and renamed. On start,
 * {@link #recover} finishes what a crash interrupted, or throws the staging away if the original never moved.
 *
 * <p>A staging folder is named after its node ({@code .staging-<node token>-<uuid>}), so that with two nodes on one
 * shared folder each recovers only what a node that is gone left behind, never the work in hand of a living one.
 */
public final class BundleStore {

    private static final String STAGING_PREFIX = ".staging-";
    private static final String MANIFEST = ".certflow-bundle";
    private static final String PARTIAL_PREFIX = ".partial-";
    private static final String PLACING_SUFFIX = ".placing";
    private static final DateTimeFormatter REJECTED_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final DateTimeFormatter ARCHIVE_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final Path rejectedRoot;
    private final Path archiveRoot;
    private final Clock clock;
    private final ZoneId zone;
    private final String nodeToken;

    public BundleStore(Path rejectedRoot, Path archiveRoot, Clock clock, String nodeId) {
        this.rejectedRoot = rejectedRoot;
        this.archiveRoot = archiveRoot;
        this.clock = clock;
        this.zone = clock.getZone();
        this.nodeToken = nodeToken(nodeId);
    }

    /** The short name of a node in its staging folders: eight hex digits of a hash, whatever characters the id has. */
    public static String nodeToken(String nodeId) {
        return String.format("%08x", nodeId.hashCode());
    }

    /**
     * @param original the dropped certificate file (moved, never copied), or null for a sidecar left alone
     * @param droppedSidecar the sidecar in the drop folder (deleted once its redacted copy is in place), or null
     * @param extraFiles name -> text written beside them (reason.json, the redacted sidecar)
     */
    public Path reject(String name, Path original, Path droppedSidecar, Map<String, String> extraFiles) throws IOException {
        String dirName = REJECTED_STAMP.format(clock.instant().atZone(zone)) + "-" + safeName(DropFolder.baseName(name));
        return place(rejectedRoot, dirName, original, droppedSidecar, extraFiles);
    }

    public Path archive(String name, Path original, Path droppedSidecar, Map<String, String> extraFiles) throws IOException {
        String dirName = ARCHIVE_DAY.format(clock.instant().atZone(zone)) + "/" + safeName(DropFolder.baseName(name));
        return place(archiveRoot, dirName, original, droppedSidecar, extraFiles);
    }

    /** Finishes or discards what a crash left in staging, whichever node left it. Returns the bundles it finished. */
    public List<Path> recover() throws IOException {
        return recover(token -> false);
    }

    /**
     * Finishes or discards what nodes no longer running left in staging; {@code living} tells the tokens (see
     * {@link #nodeToken}) of the nodes still at work, whose staging is left alone.
     */
    public List<Path> recover(Predicate<String> living) throws IOException {
        List<Path> finished = new ArrayList<>();
        for (Path root : List.of(rejectedRoot, archiveRoot)) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, STAGING_PREFIX + "*")) {
                for (Path staging : entries) {
                    String name = staging.getFileName().toString();
                    String token = name.substring(STAGING_PREFIX.length()).split("-", 2)[0];
                    if (living.test(token)) {
                        continue;
                    }
                    if (name.endsWith(PLACING_SUFFIX)) {
                        // the manifest of a folder being placed: without its folder, the folder is in its place
                        if (!Files.exists(root.resolve(name.substring(0, name.length() - PLACING_SUFFIX.length())), LinkOption.NOFOLLOW_LINKS)) {
                            Files.deleteIfExists(staging);
                        }
                        continue;
                    }
                    Path done;
                    try {
                        done = resume(root, staging);
                    } catch (NoSuchFileException e) {
                        continue; // finished meanwhile by the node that took over before this one
                    }
                    if (done != null) {
                        finished.add(done);
                    }
                }
            }
        }
        return finished;
    }

    /**
     * The original keeps its (safe) name, unless one of certflow's own files in the folder has it: a dropped file named
     * {@code reason.json} must not replace the real reason, nor a long name cut short the redacted sidecar.
     */
    private static String keptName(String safe, Set<String> taken) {
        String name = safe;
        for (int n = 1; taken.contains(name); n++) {
            name = "dropped-" + (n == 1 ? "" : n + "-") + safe;
        }
        return name;
    }

    /** A file name fit for a folder name and a log line: nothing but letters, digits, '.', '_' and '-'. */
    public static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.startsWith(".")) {
            safe = "_" + safe.substring(1);
        }
        return safe.length() > 120 ? safe.substring(0, 120) : safe;
    }

    private Path place(Path root, String dirName, Path original, Path droppedSidecar, Map<String, String> extraFiles) throws IOException {
        AtomicFiles.createOwnerOnlyDirectories(root);
        Path staging = AtomicFiles.createOwnerOnlyDirectory(root.resolve(STAGING_PREFIX + nodeToken + "-" + UUID.randomUUID()));
        Map<String, byte[]> files = new LinkedHashMap<>();
        extraFiles.forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
        Properties manifest = new Properties();
        manifest.setProperty("target", dirName);
        String keptName = original == null ? "" : keptName(safeName(original.getFileName().toString()), files.keySet());
        manifest.setProperty("original", keptName);
        manifest.setProperty("sidecar", droppedSidecar == null ? "" : droppedSidecar.toString());
        manifest.setProperty("source", original == null ? "" : original.toString());
        StringBuilder text = new StringBuilder();
        manifest.forEach((k, v) -> text.append(k).append('=').append(escape(v.toString())).append('\n'));
        files.put(MANIFEST, text.toString().getBytes(StandardCharsets.UTF_8)); // last: it marks the staging complete
        AtomicFiles.writeAll(staging, files);
        if (original != null) {
            Path kept = staging.resolve(keptName);
            move(original, kept);
            AtomicFiles.restrictToOwner(kept); // a PKCS#12 holds the private key
        }
        return commit(root, staging, dirName, droppedSidecar);
    }

    private Path resume(Path root, Path staging) throws IOException {
        Path manifestFile = staging.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            manifestFile = placing(staging); // killed while placing: the manifest had moved out, the folder not yet
        }
        if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(staging);
            return null;
        }
        Properties manifest = new Properties();
        try (var reader = Files.newBufferedReader(manifestFile, StandardCharsets.UTF_8)) {
            manifest.load(reader);
        }
        String original = manifest.getProperty("original", "");
        String source = manifest.getProperty("source", "");
        if (!original.isEmpty()) {
            Path kept = staging.resolve(original);
            if (!Files.exists(kept, LinkOption.NOFOLLOW_LINKS)) {
                // The original never moved in: it is still in the drop folder and will be taken again, or another node
                // has taken it since. Placing the rest would make a second, half folder beside that one.
                deleteTree(staging);
                return null;
            }
            AtomicFiles.restrictToOwner(kept); // the node may have been killed before it did
            if (!source.isEmpty()) {
                deleteCopiedSource(kept, Path.of(source));
            }
        }
        String sidecar = manifest.getProperty("sidecar", "");
        return commit(root, staging, manifest.getProperty("target"), sidecar.isEmpty() ? null : Path.of(sidecar));
    }

    private Path commit(Path root, Path staging, String dirName, Path droppedSidecar) throws IOException {
        if (droppedSidecar != null) {
            Files.deleteIfExists(droppedSidecar);
        }
        Path target = root.resolve(dirName);
        AtomicFiles.createOwnerOnlyDirectories(target.getParent());
        // The manifest moves out beside the staging folder before the folder moves into its place, and goes once the
        // folder is there: a staging folder that holds the original always has its manifest in one of the two places,
        // so recovery finishes it, and the placed folder never has one.
        Path placing = placing(staging);
        if (Files.exists(staging.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
            Files.move(staging.resolve(MANIFEST), placing, StandardCopyOption.ATOMIC_MOVE);
        }
        for (int n = 2; ; n++) {
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                break;
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                target = root.resolve(dirName + "-" + n);
            }
        }
        Files.deleteIfExists(placing);
        return target;
    }

    /** Where a staging folder's manifest waits while the folder is moved into its place: beside it, in the same root. */
    private static Path placing(Path staging) {
        return staging.resolveSibling(staging.getFileName() + PLACING_SUFFIX);
    }

    /**
     * Rename within one file system. Across file systems: copy under a partial name, force it to disk, rename it to its
     * name, and only then delete the source; so the kept name holds the whole file or nothing, and until the source is
     * gone a kill leaves the original whole in the drop folder.
     */
    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Path partial = to.resolveSibling(PARTIAL_PREFIX + to.getFileName());
            Files.copy(from, partial, LinkOption.NOFOLLOW_LINKS);
            if (Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS)) { // a link, pipe or device has no content to force
                try (var channel = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(from);
        }
    }

    /**
     * Killed after a copy across file systems was renamed to its name but before the source was deleted: the same bytes
     * are in both places, and the one in the drop folder goes. A different file dropped since under the same name stays.
     */
    private static void deleteCopiedSource(Path kept, Path source) throws IOException {
        if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(kept, LinkOption.NOFOLLOW_LINKS)
                && Files.mismatch(source, kept) == -1L) {
            Files.delete(source);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
