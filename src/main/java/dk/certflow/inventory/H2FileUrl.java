package dk.certflow.inventory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** JDBC URLs of H2 file databases ({@code jdbc:h2:file:PATH;SETTING=VALUE...}): sharing and where the data lives. */
public final class H2FileUrl {

    private static final String PREFIX = "jdbc:h2:file:";
    /** H2's current storage format; the only file a file database cannot exist without. */
    private static final String DATA_FILE_SUFFIX = ".mv.db";
    /** More than the distinct statements certflow prepares (about 50). */
    static final int QUERY_CACHE_SIZE = 64;

    private H2FileUrl() {
    }

    /**
     * The URL as certflow opens it. Files are created owner-only ({@link OwnerOnlyFilePath}), and WRITE_DELAY=0 is
     * added unless the URL names it: a commit reaches the file at once instead of up to half a second later, so a
     * killed process loses no committed record (the bundle it belongs to has already left the drop folder). And
     * QUERY_CACHE_SIZE={@value #QUERY_CACHE_SIZE}: each pooled connection keeps every statement certflow uses parsed
     * (H2 keeps 8; parsing the rest again was a twentieth of a bundle's time in a burst). No H2
     * server is started: while the service holds the database, {@code certflow status} asks its management port.
     * Other URLs are returned unchanged.
     */
    static String embedded(String jdbcUrl) {
        if (!isH2File(jdbcUrl)) {
            return jdbcUrl;
        }
        OwnerOnlyFilePath.register();
        String url = "jdbc:h2:" + OwnerOnlyFilePath.SCHEME + ":" + jdbcUrl.substring(PREFIX.length());
        if (!hasSetting(url, "WRITE_DELAY")) {
            url += ";WRITE_DELAY=0";
        }
        if (!hasSetting(url, "QUERY_CACHE_SIZE")) {
            url += ";QUERY_CACHE_SIZE=" + QUERY_CACHE_SIZE;
        }
        return url;
    }

    /** The data file of an H2 file database URL ({@code PATH.mv.db}, {@code ~} expanded); empty for other URLs. */
    public static Optional<Path> dataFile(String jdbcUrl) {
        if (!isH2File(jdbcUrl)) {
            return Optional.empty();
        }
        String path = jdbcUrl.substring(PREFIX.length()).split(";", 2)[0];
        if (path.equals("~") || path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Optional.of(Path.of(path + DATA_FILE_SUFFIX));
    }

    private static boolean isH2File(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** H2 setting names are case-insensitive and follow the path, each after a semicolon. */
    private static boolean hasSetting(String jdbcUrl, String name) {
        String[] parts = jdbcUrl.split(";");
        return Arrays.stream(parts, 1, parts.length)
                .map(part -> part.split("=", 2)[0].strip().toUpperCase(Locale.ROOT))
                .anyMatch(name::equals);
    }
}
