package dk.certflow.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Reads a file without trusting its size: a file may still grow after it was measured. */
public final class BoundedRead {

    private BoundedRead() {
    }

    /**
     * At most {@code max + 1} bytes of the file: a result longer than {@code max} means the file is too large, and the
     * rest was never read.
     */
    public static byte[] read(Path file, long max, OpenOption... options) throws IOException {
        int cap = (int) Math.min(max + 1, Integer.MAX_VALUE - 8);
        try (InputStream in = Files.newInputStream(file, options)) {
            return in.readNBytes(cap);
        }
    }
}
