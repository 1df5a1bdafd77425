package dk.certflow.cli;

import dk.certflow.demo.Demo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A one-command tour with throw-away test material and stand-in endpoints.",
            "Makes a test PKI of its own and a sample bundle (DEMO-ONLY-*), starts stand-in WorkZone, token and records "
                + "endpoints on loopback, runs the real service against them in a scratch directory, drops the bundle "
                + "and shows what happened and where to look (paths, the onboarding checklist, the recorded upload). "
                + "Your own configuration, data and trust store are not used."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  java -jar certflow.jar demo                tour, then keep running until Ctrl-C",
            "  java -jar certflow.jar demo --once         tour and exit (for scripts)",
            "  java -jar certflow.jar demo --dir /tmp/tour --port 9900",
            "",
            "Exit codes: 0 the bundle was uploaded and recorded, 1 not within the timeout",
            "(the reason is printed), 2 usage or I/O error."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--once", description = "Exit once the sample bundle is uploaded and recorded (for scripts and tests).")
    boolean once;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Scratch directory, new or empty (or a former demo's). Default: a new temporary directory.")
    Path dir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "Management port (/api/certificates, /observe/health). Default: a free port.")
    int port;

    @Option(names = "--listen", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the management port listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 in a container).")
    String listen;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long the bundle may take to be uploaded and recorded (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CliException("--port " + port + ": give a port between 1 and 65535, or leave it out for a free one");
        }
        if (timeoutSeconds < 1) {
            throw new CliException("--timeout " + timeoutSeconds + ": give at least 1 second");
        }
        return new Demo(spec.commandLine().getOut())
                .run(new Demo.Options(dir, listen, port, once, Duration.ofSeconds(timeoutSeconds)));
    }
}
