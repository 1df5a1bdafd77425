package dk.certflow.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that readers see either the old content or the complete new content, never a partial
 * file, and so that nobody but the owner can read them at any moment.
 *
 * <p>The content goes to a hidden {@code .NAME*.tmp} file in the target's own directory (a rename is only
 * atomic within one file system), created owner-only from the start, is forced to disk and then renamed
 * over the target. The temporary name is hidden and ends in {@code .tmp} so folder watchers skip it.
 */
public final class AtomicFiles {

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {
    }

    /** Atomically replaces {@code target} with {@code content}; the file is owner-only (0600 on POSIX). */
    public static void write(Path target, byte[] content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        boolean posix = isPosix(directory);
        Path temp = posix
                ? Files.createTempFile(directory, tempPrefix(target), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_FILE))
                : Files.createTempFile(directory, tempPrefix(target), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        if (posix) {
            forceDirectory(directory);
        }
    }

    /** {@link #write(Path, byte[])} for text, encoded as UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates {@code directory} and any missing parents owner-only (0700 on POSIX). Existing directories
     * keep their permissions: those are the operator's choice.
     */
    public static Path createOwnerOnlyDirectories(Path directory) throws IOException {
        return isPosix(directory)
                ? Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY))
                : Files.createDirectories(directory);
    }

    /**
     * Makes a file certflow took over (a dropped PKCS#12 moved into archive/ or rejected/) owner-only (0600 on POSIX):
     * it keeps the mode its writer gave it otherwise, often readable by everyone.
     */
    public static void restrictToOwner(Path file) throws IOException {
        if (isPosix(file)) {
            Files.setPosixFilePermissions(file, OWNER_FILE);
        }
    }

    /** Creates one directory owner-only (0700 on POSIX); fails if it exists. */
    public static Path createOwnerOnlyDirectory(Path directory) throws IOException {
        return isPosix(directory.toAbsolutePath().getParent())
                ? Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY))
                : Files.createDirectory(directory);
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /** Makes the rename itself durable: on POSIX the directory entry is only safe once the directory is synced. */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
