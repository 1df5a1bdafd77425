package dk.certflow.camel;

import dk.certflow.cluster.Cluster;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The file consumer's read lock with two or more nodes (readLock=idempotent): a dropped file is processed by the node
 * whose claim in the database succeeds. The key is the file name, the same on every node whatever the mount point.
 */
final class IntakeClaims extends ServiceSupport implements IdempotentRepository {

    private final Cluster cluster;
    private final Path dropDir;

    IntakeClaims(Cluster cluster, Path dropDir) {
        this.cluster = cluster;
        this.dropDir = dropDir;
    }

    @Override
    public boolean add(String fileName) {
        if (!cluster.claimFile(fileName)) {
            return false; // another node works on it
        }
        if (!Files.exists(dropDir.resolve(fileName), LinkOption.NOFOLLOW_LINKS)) {
            cluster.releaseFile(fileName); // another node finished it between the listing and the claim
            return false;
        }
        return true;
    }

    @Override
    public boolean contains(String fileName) {
        return cluster.isFileClaimed(fileName);
    }

    @Override
    public boolean remove(String fileName) {
        cluster.releaseFile(fileName);
        return true;
    }

    @Override
    public boolean confirm(String fileName) {
        return true;
    }

    @Override
    public void clear() {
        // claims belong to the nodes that hold them; they end with the work or expire with a node that stopped
    }
}
