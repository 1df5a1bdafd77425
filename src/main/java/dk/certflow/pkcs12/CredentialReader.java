package dk.certflow.pkcs12;

import dk.certflow.files.BoundedRead;
import dk.certflow.findings.Finding;
import dk.certflow.findings.FindingCode;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.Pfx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Opens a PKCS#12 file or a PEM/DER certificate file, recognised by content rather than by name, and reports every
 * reading problem as a finding. It never throws for bad input.
 */
public final class CredentialReader {

    /** Larger than any PKCS#12 file worth parsing just to see whether it is whole. */
    private static final long INDEFINITE_PARSE_LIMIT = 16L * 1024 * 1024;
    private static final byte[] PEM_BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
    private static final byte DER_SEQUENCE = 0x30;

    private final Pkcs12Limits limits;
    private final Pkcs12Decoder pkcs12;

    public CredentialReader(Pkcs12Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.pkcs12 = new Pkcs12Decoder(limits);
    }

    /** Reads a file; password may be null when none was given. The caller keeps (and clears) the password. */
    public Credential read(Path file, char[] password) {
        byte[] content;
        try {
            content = readBounded(file);
        } catch (ReadProblem problem) {
            return Credential.failed(Credential.Kind.UNKNOWN, problem.finding());
        }
        return read(content, file.getFileName() == null ? file.toString() : file.getFileName().toString(), password);
    }

    /** Reads content already in memory; fileName only serves the messages. */
    public Credential read(byte[] content, String fileName, char[] password) {
        if (content == null || content.length == 0) {
            return Credential.failed(Credential.Kind.UNKNOWN, Finding.error(FindingCode.UNREADABLE, fileName + " is empty."));
        }
        if (content.length > limits.maxFileSize()) {
            return Credential.failed(Credential.Kind.UNKNOWN, tooLarge(fileName));
        }
        Credential.Kind kind = Credential.Kind.UNKNOWN;
        try {
            if (isPem(content)) {
                kind = Credential.Kind.CERTIFICATE;
                return certificates(Certificates.fromPem(content));
            }
            if (content[0] != DER_SEQUENCE) { // every PKCS#12 file and DER certificate starts with a SEQUENCE
                throw notRecognised(fileName, content);
            }
            ASN1Sequence sequence = derSequence(content, fileName);
            if (sequence.size() >= 2 && sequence.getObjectAt(0) instanceof ASN1Integer) {
                kind = Credential.Kind.PKCS12;
                return pkcs12.decode(Pfx.getInstance(sequence), password);
            }
            if (sequence.size() == 3 && sequence.getObjectAt(0) instanceof ASN1Sequence) {
                kind = Credential.Kind.CERTIFICATE;
                return certificates(List.of(Certificates.fromDer(sequence.getEncoded())));
            }
            throw notRecognised(fileName);
        } catch (ReadProblem problem) {
            return Credential.failed(kind, problem.finding());
        } catch (IOException | RuntimeException e) {
            return Credential.failed(kind, Finding.error(FindingCode.UNREADABLE, fileName + " is truncated or corrupt."));
        }
    }

    private byte[] readBounded(Path file) throws ReadProblem {
        String name = String.valueOf(file.getFileName());
        if (Files.isDirectory(file)) {
            throw new ReadProblem(FindingCode.UNREADABLE, name + " is a directory, not a file.");
        }
        try {
            if (Files.size(file) > limits.maxFileSize()) {
                throw new ReadProblem(FindingCode.FILE_TOO_LARGE, tooLarge(name).message());
            }
            byte[] content = BoundedRead.read(file, limits.maxFileSize());
            if (content.length > limits.maxFileSize()) {
                throw new ReadProblem(FindingCode.FILE_TOO_LARGE, tooLarge(name).message());
            }
            return content;
        } catch (NoSuchFileException e) {
            throw new ReadProblem(FindingCode.UNREADABLE, name + " does not exist.");
        } catch (IOException e) {
            throw new ReadProblem(FindingCode.UNREADABLE, name + " cannot be read.");
        }
    }

    private Finding tooLarge(String fileName) {
        return Finding.error(FindingCode.FILE_TOO_LARGE,
                fileName + " is larger than the limit of " + limits.maxFileSize() + " bytes.");
    }

    private static Credential certificates(List<X509Certificate> certificates) {
        X509Certificate leaf = Certificates.firstEndEntity(certificates);
        List<X509Certificate> others = new ArrayList<>(certificates);
        others.remove(leaf);
        return new Credential(Credential.Kind.CERTIFICATE, List.of(), null, leaf, others);
    }

    private static ASN1Sequence derSequence(byte[] content, String fileName) throws ReadProblem, IOException {
        // ASN1InputStream over an array never allocates beyond the array's length, whatever a length field claims
        try (ASN1InputStream in = new ASN1InputStream(content)) {
            ASN1Primitive object = in.readObject();
            if (object instanceof ASN1Sequence sequence) {
                return sequence;
            }
        }
        throw notRecognised(fileName);
    }

    private static ReadProblem notRecognised(String fileName) {
        return new ReadProblem(FindingCode.UNREADABLE, fileName + " is neither a PKCS#12 file nor a PEM/DER certificate.");
    }

    /** A file that is no certificate file at all, not even a damaged one: said plainly, with what kind it seems to be. */
    private static ReadProblem notRecognised(String fileName, byte[] content) {
        String kind = looksLikeText(content) ? "a text file" : "some other kind of file";
        return new ReadProblem(Finding.error(FindingCode.UNREADABLE, fileName + " is " + kind
                + ", neither a PKCS#12 file nor a PEM/DER certificate.").withRemedy(
                "certflow reads PKCS#12 files (.p12/.pfx, with the private key) and PEM/DER certificates (.pem/.crt/.cer): "
                        + "give it one of those; other files do not belong in the drop folder."));
    }

    /** UTF-8 without control characters other than tab, line breaks and form feed, judged from the first 4 KB. */
    private static boolean looksLikeText(byte[] content) {
        CharBuffer text = CharBuffer.allocate(4096);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(content, 0, Math.min(content.length, 4096)), text, false); // a cut character at the end is no error
        if (result.isError()) {
            return false;
        }
        return text.flip().chars().noneMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r' && c != '\f');
    }

    /**
     * Whether a file holds a whole DER object or PEM block, judged from its first and last bytes and its size: false
     * when it is evidently cut short, as a file still being written is. An empty file counts as cut short. Anything
     * else counts as whole, to be refused by {@link #read} if it is no certificate file.
     */
    public static boolean looksComplete(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size == 0) {
                return false;
            }
            byte[] head = readAt(channel, 0, (int) Math.min(size, 16));
            byte[] tail = readAt(channel, Math.max(0, size - 128), (int) Math.min(size, 128));
            if (isPem(head)) {
                return new String(tail, StandardCharsets.US_ASCII).contains("-----END ");
            }
            if (head[0] != 0x30) {
                return true;
            }
            if (head.length < 2) {
                return false;
            }
            int first = head[1] & 0xff;
            if (first < 0x80) {
                return size >= 2 + first;
            }
            if (first == 0x80) { // BER indefinite length, as MitID Erhverv writes it: whole when it parses to its end
                if (size > INDEFINITE_PARSE_LIMIT) {
                    return true; // too large to be a certificate file: the reader refuses it
                }
                try (ASN1InputStream in = new ASN1InputStream(readAt(channel, 0, (int) size))) {
                    in.readObject();
                    return true;
                } catch (IOException | RuntimeException cutShort) {
                    return false;
                }
            }
            int lengthBytes = first & 0x7f;
            if (lengthBytes > 4) {
                return true; // not a length this reader would accept: let the reader say so
            }
            if (head.length < 2 + lengthBytes) {
                return false;
            }
            long length = 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = length << 8 | (head[2 + i] & 0xff);
            }
            return size >= 2 + lengthBytes + length;
        }
    }

    private static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
            // positional reads until the buffer is full or the file ends
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static boolean isPem(byte[] content) {
        int start = 0;
        if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb && (content[2] & 0xff) == 0xbf) {
            start = 3; // UTF-8 byte order mark, as Windows editors write it
        }
        while (start < content.length && Character.isWhitespace(content[start])) {
            start++;
        }
        return content.length - start >= PEM_BEGIN.length
                && Arrays.equals(content, start, start + PEM_BEGIN.length, PEM_BEGIN, 0, PEM_BEGIN.length);
    }
}
