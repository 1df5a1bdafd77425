package dk.certflow.cluster;

import java.time.Instant;

/** Another node runs under this node's name ({@code certflow.node.id}) on the shared database. */
public final class NodeNameInUseException extends IllegalStateException {

    public NodeNameInUseException(String nodeId, Instant otherStartedAt) {
        super("node " + nodeId + " runs already (started " + otherStartedAt + ") on this database");
    }
}
