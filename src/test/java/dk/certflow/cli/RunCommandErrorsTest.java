package dk.certflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import dk.certflow.inventory.ClusterLedger;
import dk.certflow.inventory.Database;
import dk.certflow.inventory.TestDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mistakes a newcomer makes most are answered with one line that says what to do, and exit code 2. */
class RunCommandErrorsTest {

    @TempDir
    Path temp;

    record Run(int exit, String err) {
    }

    @Test
    void aBadConfigurationValueNamesTheKey() throws Exception {
        Run run = run(config("certflow.data-dir=" + temp.resolve("data"), "certflow.drop.sidecar-wait=3x"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("certflow run: certflow.drop.sidecar-wait: '3x' is not a duration (use e.g. 500ms, 30s, 5m, 72h, 1d)");
    }

    @Test
    void aTypoInAKeyIsRefused() throws Exception {
        Run run = run(config("certflow.dorp.dir=/tmp/x"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("certflow.dorp.dir", "unknown configuration key").doesNotContain("\tat ");
    }

    @Test
    void aPortInUseSaysSo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = run(config("certflow.data-dir=" + temp.resolve("data"), "certflow.management.host=127.0.0.1",
                    "certflow.management.port=" + taken.getLocalPort()));
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("port " + taken.getLocalPort() + " is in use", "CERTFLOW_MANAGEMENT_PORT");
            assertThat(run.err().lines()).hasSize(1);
        }
    }

    @Test
    void anUnusableDataFolderSaysWhatToDo() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "x");
        Run run = run(config("certflow.data-dir=" + file.resolve("data")));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("certflow.data-dir", "cannot create", "CERTFLOW_DATA_DIR");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void aSecondNodeUnderTheNameOfARunningNodeSaysSo() throws Exception {
        try (TestDatabases.TestDatabase shared = TestDatabases.create(temp.resolve("db"))) {
            Assumptions.assumeFalse(shared.settings().get("certflow.db.url").startsWith("jdbc:h2:"),
                    "needs PostgreSQL: only one process runs on the embedded database");
            Database database = shared.open();
            ScheduledExecutorService running = Executors.newSingleThreadScheduledExecutor();
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ClusterLedger ledger = new ClusterLedger(database);
                ledger.join("ops1", Instant.now());
                running.scheduleAtFixedRate(() -> ledger.beat("ops1", Instant.now()), 0, 100, TimeUnit.MILLISECONDS);
                int port = free.getLocalPort();
                free.close();
                List<String> lines = new ArrayList<>(List.of("certflow.data-dir=" + temp.resolve("data"), "certflow.node.id=ops1",
                        "certflow.cluster.takeover=3s", "certflow.management.host=127.0.0.1", "certflow.management.port=" + port));
                shared.settings().forEach((key, value) -> lines.add(key + "=" + value));

                Run run = run(config(lines.toArray(String[]::new)));

                assertThat(run.exit()).isEqualTo(2);
                assertThat(run.err()).contains("node ops1 runs already", "give every node a name of its own", "CERTFLOW_NODE_ID");
                assertThat(run.err().lines()).hasSize(1);
            } finally {
                running.shutdownNow();
                running.awaitTermination(5, TimeUnit.SECONDS);
                database.close();
            }
        }
    }

    private Path config(String... lines) throws Exception {
        return Files.write(temp.resolve("certflow-test.properties"), java.util.List.of(lines));
    }

    private static Run run(Path config) {
        StringWriter err = new StringWriter();
        var cli = CertflowCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("run", "--config", config.toString());
        return new Run(exit, err.toString());
    }
}
