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

/** {@code events.jsonl}: every event certflow emits, one JSON object a line, append-only, owner-only. */
public final class EventLog {

    private final Path file;

    public EventLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one line and returns once it is on disk. The file is opened for each line, so a rotated or removed
     * events.jsonl is simply started again; lines are written one at a time, and the sync runs outside the lock, so
     * events emitted together share a sync instead of queueing for one each.
     */
    public void append(Event event) throws IOException {
        byte[] line = (Json.write(event) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.createOwnerOnlyDirectories(file.getParent());
        try (FileChannel channel = open()) {
            synchronized (this) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            channel.force(false);
        }
    }

    private FileChannel open() throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        try {
            return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(file, options);
        }
    }
}
