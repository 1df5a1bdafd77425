package dk.certflow.cli;

import dk.certflow.cluster.NodeNameInUseException;
import dk.certflow.inventory.DatabaseInUseException;
import dk.certflow.config.ConfigLoader;
import dk.certflow.service.CertflowService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the unattended service: watch the drop folder, process bundles, deliver and watch deadlines.",
            "With no configuration it works on ./data with WorkZone upload disabled (the PFX is staged for manual upload)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  java -jar certflow.jar run",
            "  java -jar certflow.jar run --config /etc/certflow/certflow.properties",
            "  CERTFLOW_DATA_DIR=/srv/certflow CERTFLOW_MANAGEMENT_PORT=9900 java -jar certflow.jar",
            "",
            "The console is http://127.0.0.1:9876/ (certflow.management.token-file to ask for a token).",
            "Stop it with Ctrl-C or SIGTERM: work in flight is finished first (at most ~30 s)."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "certflow.properties to read (also: CERTFLOW_CONFIG).")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        try {
            CertflowService.run(ConfigLoader.fromProcess().load(configFile));
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DatabaseInUseException inUse) {
                    throw new CliException("another certflow runs on the embedded database " + inUse.url()
                            + ": only one node may run on H2; two or more nodes need PostgreSQL (certflow.db.url, see README \"Two nodes\")");
                }
                if (t instanceof NodeNameInUseException inUse) {
                    throw new CliException(inUse.getMessage() + ": give every node a name of its own (certflow.node.id, CERTFLOW_NODE_ID; see README \"Two nodes\")");
                }
            }
            throw e;
        }
        return 0;
    }
}
