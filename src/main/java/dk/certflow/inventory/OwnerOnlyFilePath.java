package dk.certflow.inventory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.h2.message.DbException;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's file system with one change: every file and folder H2 creates (data, lock, trace and temporary files) is
 * owner-only from its first byte, whatever the process umask. The database holds the inventory and the encrypted
 * outbox; its lock file names the process. Used through the URL prefix {@code owneronly:} (see {@link H2FileUrl}).
 */
public final class OwnerOnlyFilePath extends FilePathWrapper {

    static final String SCHEME = "owneronly";
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    /** H2 creates instances reflectively, one per path. */
    public OwnerOnlyFilePath() {
    }

    /** Makes the {@code owneronly:} prefix known to H2; registering again replaces the same entry. */
    static void register() {
        FilePath.register(new OwnerOnlyFilePath());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public boolean createFile() {
        try {
            createOwnerOnly(path());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw DbException.convertIOException(e, name);
        }
    }

    @Override
    public void createDirectory() {
        try {
            Files.createDirectory(path(), PosixFilePermissions.asFileAttribute(FOLDER));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(path())) {
                throw DbException.convertIOException(e, name);
            }
        } catch (IOException e) {
            throw DbException.convertIOException(e, name);
        }
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        if (mode.contains("w")) {
            createIfMissing();
        }
        return super.open(mode);
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        createIfMissing();
        return super.newOutputStream(append);
    }

    @Override
    public FilePath createTempFile(String suffix, boolean inTempDir) throws IOException {
        FilePath temp = super.createTempFile(suffix, inTempDir);
        Files.setPosixFilePermissions(Path.of(temp.unwrap().name), FILE);
        return temp;
    }

    private void createIfMissing() throws IOException {
        try {
            createOwnerOnly(path());
        } catch (FileAlreadyExistsException e) {
            // H2 opens existing files too; their permissions stay as they are
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    }

    private Path path() {
        return Path.of(getBase().name);
    }
}
