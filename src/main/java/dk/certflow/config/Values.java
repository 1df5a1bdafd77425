package dk.certflow.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed, validated access to resolved configuration values; every error names its key. */
final class Values {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private final Map<String, String> values;

    Values(Map<String, String> values) {
        this.values = values;
    }

    String text(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalStateException("no default for " + key);
        }
        String v = values.get(key);
        return v == null ? "" : v.strip();
    }

    /** null when empty. */
    String optional(String key) {
        String v = text(key);
        return v.isEmpty() ? null : v;
    }

    String required(String key) {
        String v = optional(key);
        if (v == null) {
            throw new ConfigException(key + ": must be set");
        }
        return v;
    }

    Path path(String key) {
        try {
            return Path.of(required(key)).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(key + ": not a valid path (" + e.getReason() + ")");
        }
    }

    Path optionalPath(String key) {
        return optional(key) == null ? null : path(key);
    }

    int integer(String key, int min, int max) {
        return (int) longValue(key, min, max);
    }

    long longValue(String key, long min, long max) {
        String v = required(key);
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new ConfigException(key + ": " + v + " is out of range " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + v + "' is not a whole number");
        }
    }

    /** 30s, 5m, 72h, 1d, 500ms or ISO-8601 (PT30S). */
    Duration duration(String key) {
        String v = required(key);
        Matcher m = SHORT_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        Duration d;
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } catch (NumberFormatException | ArithmeticException e) { // more digits than a long, or than a Duration
                throw new ConfigException(key + ": '" + v + "' is too long a duration");
            }
        } else {
            try {
                d = Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new ConfigException(key + ": '" + v + "' is not a duration (use e.g. 500ms, 30s, 5m, 72h, 1d)");
            }
        }
        if (d.isNegative()) {
            throw new ConfigException(key + ": must not be negative");
        }
        return d;
    }

    URI optionalHttpUrl(String key) {
        String v = optional(key);
        if (v == null) {
            return null;
        }
        try {
            URI uri = new URI(v);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(key + ": '" + v + "' is not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(key + ": '" + v + "' is not a valid URL");
        }
    }

    <T> T choice(String key, Function<String, T> parser) {
        String v = required(key);
        try {
            return parser.apply(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    List<String> list(String key) {
        String v = optional(key);
        if (v == null) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    List<String> ipv4List(String key) {
        List<String> ips = list(key);
        for (String ip : ips) {
            String bare = ip.endsWith("/32") ? ip.substring(0, ip.length() - 3) : ip;
            if (!IPV4.matcher(bare).matches()) {
                throw new ConfigException(key + ": '" + ip + "' is not an IPv4 address (Datafordeler takes single addresses as /32)");
            }
        }
        return ips.stream().map(ip -> ip.endsWith("/32") ? ip : ip + "/32").toList();
    }

    List<Integer> thresholds(String key) {
        List<Integer> days = new ArrayList<>();
        for (String s : list(key)) {
            try {
                int d = Integer.parseInt(s);
                if (d < 0) {
                    throw new ConfigException(key + ": days must not be negative (" + d + ")");
                }
                days.add(d);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + ": '" + s + "' is not a number of days");
            }
        }
        return days.stream().distinct().sorted((a, b) -> b - a).toList();
    }

    /** The secret itself or, when {@code key-file} is set, the first line of that file. */
    Secret secret(String key) {
        String file = optional(key + "-file");
        if (file != null) {
            if (optional(key) != null) {
                throw new ConfigException(key + ": set either " + key + " or " + key + "-file, not both");
            }
            try {
                String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                String firstLine = content.lines().findFirst().orElse("");
                return Secret.of(firstLine);
            } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
                throw new ConfigException(key + "-file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return Secret.of(optional(key));
    }

    static boolean isIpv4(String s) {
        return IPV4.matcher(s).matches();
    }
}
