package dk.certflow.pkcs12;

import dk.certflow.findings.FindingCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dk.certflow.pkcs12.CredentialAssertions.assertFinding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reading the bytes: size limits, missing, empty and foreign files. */
class FileReadingTest {

    @TempDir
    Path dir;

    private final CredentialReader reader = new CredentialReader(new Pkcs12Limits(1000, 1_000_000));

    @Test
    void fileAboveTheSizeLimitIsTooLarge() throws Exception {
        Path file = Files.write(dir.resolve("big.p12"), new byte[1001]);
        Path fits = Files.write(dir.resolve("fits.p12"), new byte[1000]);

        assertFinding(reader.read(file, null), FindingCode.FILE_TOO_LARGE, null);
        assertFinding(reader.read(Files.readAllBytes(file), "big.p12", null), FindingCode.FILE_TOO_LARGE, null);
        assertFinding(reader.read(fits, null), FindingCode.UNREADABLE, null);
    }

    /** /dev/zero reports size 0 and never ends, like a file that grows after its size was checked. */
    @Test
    void readingIsBoundedWhateverTheReportedSize() throws Exception {
        Path endless = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(endless), "needs /dev/zero");
        assertThat(Files.size(endless)).isZero();

        assertFinding(reader.read(endless, null), FindingCode.FILE_TOO_LARGE, null);
    }

    @Test
    void missingFileIsUnreadable() {
        assertFinding(reader.read(dir.resolve("absent.p12"), null), FindingCode.UNREADABLE, null);
    }

    @Test
    void directoryIsUnreadable() {
        assertFinding(reader.read(dir, null), FindingCode.UNREADABLE, null);
    }

    @Test
    void aFileCutShortIsRecognisedAsIncomplete() throws Exception {
        byte[] p12;
        try (var in = getClass().getResourceAsStream("/oces/samples/kombit-sp-devtest4-demoklient-sf0101-1.p12")) {
            p12 = in.readAllBytes();
        }
        for (int length : new int[]{1, 2, 3, 10, p12.length / 2, p12.length - 1}) {
            assertThat(CredentialReader.looksComplete(write("cut.p12", Arrays.copyOf(p12, length)))).as("%d of %d bytes", length, p12.length).isFalse();
        }
        assertThat(CredentialReader.looksComplete(write("whole.p12", p12))).isTrue();
        assertThat(CredentialReader.looksComplete(write("empty.p12", new byte[0]))).isFalse();

        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        assertThat(CredentialReader.looksComplete(write("cut.pem", pem.substring(0, 40).getBytes(StandardCharsets.US_ASCII)))).isFalse();
        assertThat(CredentialReader.looksComplete(write("whole.pem", pem.getBytes(StandardCharsets.US_ASCII)))).isTrue();

        // BER with indefinite length ends with the end-of-contents octets
        assertThat(CredentialReader.looksComplete(write("ber.p12", new byte[]{0x30, (byte) 0x80, 0x02, 0x01, 0x03}))).isFalse();
        assertThat(CredentialReader.looksComplete(write("ber.p12", new byte[]{0x30, (byte) 0x80, 0x02, 0x01, 0x03, 0, 0}))).isTrue();
        // what is no certificate file at all counts as whole, so that it is refused rather than waited for
        assertThat(CredentialReader.looksComplete(write("notes.txt", "meeting notes\n".getBytes(StandardCharsets.US_ASCII)))).isTrue();
    }

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void emptyFileIsUnreadable() throws Exception {
        Credential credential = reader.read(Files.write(dir.resolve("empty.p12"), new byte[0]), null);

        assertFinding(credential, FindingCode.UNREADABLE, null);
        assertThat(credential.kind()).isEqualTo(Credential.Kind.UNKNOWN);
    }

    @Test
    void textAndForeignDerAreUnreadable() throws Exception {
        assertFinding(reader.read("password=Secret\n".getBytes(StandardCharsets.UTF_8), "x.p12", null),
                FindingCode.UNREADABLE, null);
        // a DER SEQUENCE of two NULLs: well-formed ASN.1, but neither a PFX nor a certificate
        assertFinding(reader.read(new byte[]{0x30, 0x04, 0x05, 0x00, 0x05, 0x00}, "x.der", null),
                FindingCode.UNREADABLE, null);
    }

    /** A length field claiming far more than the file holds must not make the parser allocate it. */
    @Test
    void hugeDeclaredLengthIsUnreadable() {
        byte[] content = Arrays.copyOf(new byte[]{0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02, 0x01, 0x03}, 64);

        assertFinding(reader.read(content, "x.p12", null), FindingCode.UNREADABLE, null);
    }
}
