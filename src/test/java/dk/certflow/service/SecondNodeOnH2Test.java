package dk.certflow.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 database admits one process: a second node on it is refused at start, in one line (CONTRACTS §11). */
class SecondNodeOnH2Test {

    @TempDir
    Path temp;

    @Test
    void aSecondNodeOnTheEmbeddedDatabaseIsRefusedWithOneLine() throws Exception {
        Map<String, String> first = environment("first");
        try (ServiceProcess running = ServiceProcess.start(first, temp.resolve("first.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> ServiceProcess.health(first) == 200);
            try (ServiceProcess second = ServiceProcess.start(environment("second"), temp.resolve("second.log"))) {
                Integer exit = second.exitCode(Duration.ofSeconds(60));
                assertThat(exit).as("the second node stops by itself").isEqualTo(2);
                String refusal = second.log().lines().filter(l -> l.startsWith("certflow run: ")).reduce("", (a, b) -> a + b + "\n");
                assertThat(refusal.lines()).hasSize(1);
                assertThat(refusal).contains("another certflow runs on the embedded database", "only one node may run on H2",
                        "PostgreSQL", "Two nodes");
                assertThat(second.log()).doesNotContain("\tat ");
            }
            assertThat(ServiceProcess.health(first)).as("the first node runs on").isEqualTo(200);
        }
    }

    private Map<String, String> environment(String node) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CERTFLOW_NODE_ID", node);
        env.put("CERTFLOW_DATA_DIR", temp.resolve("data").toString());
        env.put("CERTFLOW_DB_URL", "jdbc:h2:file:" + temp.resolve("data/db/certflow"));
        env.put("CERTFLOW_MANAGEMENT_PORT", Integer.toString(RunningService.freePort()));
        env.put("CERTFLOW_MANAGEMENT_HOST", "127.0.0.1");
        env.put("CERTFLOW_REVOCATION_MODE", "off");
        return env;
    }
}
