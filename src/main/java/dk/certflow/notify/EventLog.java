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
public final class EventLog implements AutoCloseable {

    private final Path file;
    private FileChannel channel;

    public EventLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one line and returns once it is on disk. Lines are written one at a time; the sync runs outside the lock,
     * so events emitted together share a sync instead of queueing for one each.
     */
    public void append(Event event) throws IOException {
        byte[] line = (Json.write(event) + "\n").getBytes(StandardCharsets.UTF_8);
        FileChannel appending;
        synchronized (this) {
            appending = channel();
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                appending.write(buffer);
            }
        }
        appending.force(false);
    }

    private FileChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            AtomicFiles.createOwnerOnlyDirectories(file.getParent());
            Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            try {
                channel = FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                channel = FileChannel.open(file, options);
            }
        }
        return channel;
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
