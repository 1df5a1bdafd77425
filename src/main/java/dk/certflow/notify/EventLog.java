package dk.certflow.notify;

import dk.certflow.files.AtomicFiles;
import dk.certflow.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** {@code events.jsonl}: every event certflow emits, one JSON object a line, append-only. */
public final class EventLog {

    private final Path file;

    public EventLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized void append(Event event) throws IOException {
        byte[] line = (Json.write(event) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.createOwnerOnlyDirectories(file.getParent());
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        try (FileChannel channel = open(options)) {
            channel.write(ByteBuffer.wrap(line));
            channel.force(false);
        }
    }

    private FileChannel open(Set<StandardOpenOption> options) throws IOException {
        try {
            return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(file, options);
        }
    }
}
