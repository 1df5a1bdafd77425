package dk.certflow.cli;

import dk.certflow.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "certflow", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Takes OCES3 organisation certificates dropped into a folder, judges them, converts them to PEM, "
            + "prepares the Datafordeler onboarding, uploads them to WorkZone and watches every deadline.",
        subcommands = {RunCommand.class, InspectCommand.class, ConvertCommand.class, StatusCommand.class, DemoCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  java -jar certflow.jar                       start the service on ./data (same as: run)",
            "  java -jar certflow.jar run --config /etc/certflow/certflow.properties",
            "  java -jar certflow.jar inspect --password-file pw.txt organisation.p12",
            "  java -jar certflow.jar convert --password-file pw.txt --out pem/ organisation.p12",
            "  java -jar certflow.jar status --config /etc/certflow/certflow.properties",
            "  java -jar certflow.jar demo --once           a tour with throw-away test material and stand-ins",
            "",
            "Run 'certflow COMMAND --help' for the options of a command."})
public final class CertflowCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CertflowCommand());
        cli.setUsageHelpWidth(110);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("certflow " + cmd.getCommandName() + ": " + oneLine(e));
            return 2;
        });
        cli.setExitCodeExceptionMapper(e -> 2);
        return cli;
    }

    /** The one line an operator reads: what went wrong, without a stack trace. */
    static String oneLine(Exception e) {
        if (e instanceof CliException || e instanceof ConfigException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return "I/O error: " + e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
