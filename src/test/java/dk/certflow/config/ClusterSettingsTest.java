package dk.certflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** certflow.node.id and certflow.cluster.takeover (README "Two nodes"). */
class ClusterSettingsTest {

    @TempDir
    Path temp;

    @Test
    void theNodeIsNamedAfterTheHostAndProcessUnlessNamedAndLeasesFollowTheTakeoverTime() {
        Settings.Cluster defaults = TestSettings.with(temp).cluster();
        assertThat(defaults.nodeId()).endsWith("-" + ProcessHandle.current().pid()).matches("[a-z0-9][a-z0-9._-]*");
        assertThat(defaults.takeover()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.heartbeat()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.leaseTime()).isEqualTo(Duration.ofSeconds(20));

        Settings.Cluster named = TestSettings.with(temp, "certflow.node.id", "ops1", "certflow.cluster.takeover", "6s").cluster();
        assertThat(named.nodeId()).isEqualTo("ops1");
        assertThat(named.heartbeat()).isEqualTo(Duration.ofSeconds(2));
        assertThat(named.leaseTime()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void aNodeIdThatCannotNameALeaseOrATakeoverOutOfRangeIsRefusedNamingTheKey() {
        for (String wrong : new String[] {"ops 1", "-ops", "x".repeat(101), "ops/1"}) {
            assertThatThrownBy(() -> TestSettings.with(temp, "certflow.node.id", wrong))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("certflow.node.id:");
        }
        for (String wrong : new String[] {"2s", "2h"}) {
            assertThatThrownBy(() -> TestSettings.with(temp, "certflow.cluster.takeover", wrong))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("certflow.cluster.takeover:");
        }
    }
}
