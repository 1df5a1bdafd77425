package dk.certflow.camel;

import dk.certflow.cluster.Cluster;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Names this node and the node running the timers; DOWN only when the database cannot say. */
final class ClusterHealthCheck extends AbstractHealthCheck {

    private final Cluster cluster;

    ClusterHealthCheck(Cluster cluster) {
        super("certflow", "node");
        this.cluster = cluster;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("node", cluster.nodeId());
        try {
            List<Cluster.Member> members = cluster.members();
            builder.detail("timers", members.stream().filter(Cluster.Member::runsTimers).map(Cluster.Member::nodeId)
                    .findFirst().orElse("none (being taken over)"));
            builder.detail("nodes", members.stream().filter(Cluster.Member::alive)
                    .map(Cluster.Member::nodeId).collect(Collectors.joining(",")));
            builder.up();
        } catch (RuntimeException e) {
            builder.message("the database cannot say which nodes run").down();
        }
    }
}
