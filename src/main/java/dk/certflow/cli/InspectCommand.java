package dk.certflow.cli;

import dk.certflow.config.Settings;
import dk.certflow.findings.Audience;
import dk.certflow.inspect.Inspection;
import dk.certflow.inspect.InspectionReport;
import dk.certflow.inspect.InspectionText;
import dk.certflow.json.Json;
import dk.certflow.oces.OcesEnvironment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Read a PKCS#12 file or a certificate and judge it against the OCES3 rules.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  certflow inspect --password-file pw.txt organisation.p12",
            "  CERTFLOW_PASSWORD=... certflow inspect --environment production --expect-cvr 19552101 org.p12",
            "  certflow inspect --json leaf.pem | jq .findings",
            "",
            "Exit codes: 0 valid, 1 the file has ERROR findings, 2 usage or I/O error."})
final class InspectCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--expect-cvr", paramLabel = "CVR", description = "Report CVR_MISMATCH when the certificate belongs to another CVR.")
    String expectCvr;

    @Option(names = "--environment", paramLabel = "E", defaultValue = "any",
            description = "production, test or any (default: ${DEFAULT-VALUE}): which OCES3 PKI the certificate must chain to.")
    String environment;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Parameters(paramLabel = "FILE", description = "A .p12/.pfx file, or a PEM/DER certificate (.pem/.crt/.cer).")
    Path file;

    @Override
    public Integer call() throws Exception {
        Settings settings = common.settings();
        OcesEnvironment required;
        try {
            required = OcesEnvironment.parse(environment);
        } catch (IllegalArgumentException e) {
            throw new CliException("--environment " + environment + ": unknown value, use production, test or any");
        }
        return common.withPassword(file, password -> {
            Inspection inspection = common.inspector(settings)
                    .inspect(file, password, settings.validation().judgeSettings(required, expectCvr));
            System.out.print(json ? Json.pretty(InspectionReport.of(inspection)) : InspectionText.render(inspection, Audience.COMMAND_LINE));
            return inspection.valid() ? 0 : 1;
        });
    }
}
