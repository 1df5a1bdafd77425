package dk.certflow;

import dk.certflow.cli.CertflowCommand;
import picocli.CommandLine;

/** certflow: the unattended service ({@code run}, the default) and its one-shot commands. */
public final class Certflow {

    private Certflow() {
    }

    public static void main(String[] args) {
        System.exit(CertflowCommand.commandLine().execute(args.length == 0 ? new String[] {"run"} : args));
    }
}
