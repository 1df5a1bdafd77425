package dk.certflow.cli;

import dk.certflow.config.Settings;
import dk.certflow.findings.Audience;
import dk.certflow.inspect.Inspection;
import dk.certflow.inspect.InspectionText;
import dk.certflow.oces.OcesEnvironment;
import dk.certflow.pem.PemWriter;
import dk.certflow.pem.PrivateKeyMode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a PKCS#12 file to PEM: certificate.pem, chain.pem and private-key.pem (owner-only).",
            "Nothing is written when the file has ERROR findings, unless --force is given and the file could be read."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  certflow convert --password-file pw.txt --out pem/ organisation.p12",
            "  certflow convert --password-file pw.txt --private-key none --out pem/ organisation.p12",
            "",
            "private-key.pem is encrypted with the PKCS#12 password (AES-256, PBES2) unless --private-key plain|none.",
            "Exit codes: 0 written, 1 the file has ERROR findings, 2 usage or I/O error."})
final class ConvertCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--private-key", paramLabel = "MODE", defaultValue = "encrypted",
            description = "encrypted (default), plain or none.")
    String privateKey;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write the PEM files into.")
    Path out;

    @Option(names = "--force", description = "Write PEM files despite judging errors (expired, untrusted, ...).")
    boolean force;

    @Parameters(paramLabel = "FILE", description = "The .p12/.pfx file.")
    Path file;

    @Override
    public Integer call() throws Exception {
        Settings settings = common.settings();
        PrivateKeyMode mode = PrivateKeyMode.parse(privateKey);
        return common.withPassword(file, password -> {
            Inspection inspection = common.inspector(settings)
                    .inspect(file, password, settings.validation().judgeSettings(OcesEnvironment.ANY, null));
            boolean readable = inspection.credential().leaf() != null
                    && (inspection.credential().privateKey() != null || mode == PrivateKeyMode.NONE);
            if (!inspection.valid() && !(force && readable)) {
                System.err.print(InspectionText.render(inspection, Audience.COMMAND_LINE));
                System.err.println("Nothing written.");
                return 1;
            }
            if (mode == PrivateKeyMode.ENCRYPTED && (password == null || password.length == 0)) {
                throw new CliException("the PKCS#12 file has an empty password, so the key cannot be written encrypted with it: "
                        + "use --private-key plain or --private-key none");
            }
            List<Path> written = new PemWriter().write(out, inspection.credential().leaf(), inspection.chain(),
                    inspection.credential().privateKey(), mode, password);
            written.forEach(p -> System.out.println("wrote " + p));
            return inspection.valid() ? 0 : 1;
        });
    }
}
