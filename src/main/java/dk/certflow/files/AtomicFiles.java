package dk.certflow.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
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
        writeAll(target.toAbsolutePath().getParent(), Map.of(target.getFileName().toString(), content));
    }

    /**
     * Atomically replaces several files of one directory, each as {@link #write(Path, byte[])} does, in the order
     * given (so the last can mark the others complete), with one sync of the directory for all the renames.
     */
    public static void writeAll(Path directory, Map<String, byte[]> files) throws IOException {
        Path dir = directory.toAbsolutePath();
        boolean posix = isPosix(dir);
        Map<Path, Path> renames = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey());
                renames.put(writeTemp(dir, target, file.getValue(), posix), target);
            }
            for (Map.Entry<Path, Path> rename : renames.entrySet()) {
                Files.move(rename.getKey(), rename.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            for (Path temp : renames.keySet()) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        if (posix) {
            forceDirectory(dir);
        }
    }

    /**
     * Creates {@code target} whole with {@code content} unless it exists: of processes racing to create it (two nodes
     * starting at once on a shared folder), exactly one succeeds and the others keep what it wrote.
     *
     * @return false when the file was there already
     */
    public static boolean createOnce(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = isPosix(dir);
        Path temp = writeTemp(dir, target, content, posix);
        try {
            Files.createLink(target, temp); // a hard link is made whole or not at all, and never replaces a file
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
        if (posix) {
            forceDirectory(dir);
        }
        return true;
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
        if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return directory; // the usual case: createDirectories would throw and catch an exception to find that out
        }
        return isPosix(directory)
                ? Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY))
                : Files.createDirectories(directory);
    }

    /** The content in a hidden owner-only temporary file beside {@code target}, forced to disk. */
    private static Path writeTemp(Path directory, Path target, byte[] content, boolean posix) throws IOException {
        Path temp = posix
                ? Files.createTempFile(directory, tempPrefix(target), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_FILE))
                : Files.createTempFile(directory, tempPrefix(target), ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    /**
     * Makes a regular file certflow took over (a dropped PKCS#12 moved into archive/ or rejected/) owner-only (0600 on
     * POSIX): it keeps the mode its writer gave it otherwise, often readable by everyone.
     */
    public static void restrictToOwner(Path file) throws IOException {
        // only a regular file has content to protect; a named pipe, socket or device dropped in is left as it is (opening
        // a pipe to copy it would wait for a writer forever), in a folder only certflow may enter
        if (!isPosix(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(file, OWNER_FILE);
        } catch (FileSystemException notTheOwner) {
            replaceWithOwnCopy(file);
        }
    }

    /**
     * Only a file's owner may change its mode, and a file dropped by another user (an operator in the drop folder's
     * group) keeps that user as owner when it is moved. Such a file is replaced by an owner-only copy of certflow's own.
     * One that certflow cannot even read stays as it is: it already lies in a folder only certflow may enter.
     */
    private static void replaceWithOwnCopy(Path file) throws IOException {
        Path copy = Files.createTempFile(file.toAbsolutePath().getParent(), tempPrefix(file), ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_FILE));
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
             FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            in.transferTo(Channels.newOutputStream(out));
            out.force(true);
        } catch (AccessDeniedException unreadable) {
            Files.deleteIfExists(copy);
            return;
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
