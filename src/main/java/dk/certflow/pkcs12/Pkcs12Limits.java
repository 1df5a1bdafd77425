package dk.certflow.pkcs12;

/**
 * Bounds that keep a hostile or broken file from costing memory or CPU.
 *
 * @param maxFileSize   largest file accepted, in bytes
 * @param maxIterations largest key-derivation iteration count accepted for one key of a PKCS#12 file (the file may declare four times this in all)
 */
public record Pkcs12Limits(long maxFileSize, int maxIterations) {

    public Pkcs12Limits {
        if (maxFileSize <= 0) {
            throw new IllegalArgumentException("maxFileSize must be positive");
        }
        if (maxIterations <= 0) {
            throw new IllegalArgumentException("maxIterations must be positive");
        }
    }

    /** 1 MiB and 1,000,000 iterations: far above any real OCES3 file (a few KB, 102,400 iterations). */
    public static Pkcs12Limits defaults() {
        return new Pkcs12Limits(1_048_576, 1_000_000);
    }
}
