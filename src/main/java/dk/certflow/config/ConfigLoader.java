package dk.certflow.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certflow's configuration in layers, later wins: the defaults in the jar's {@code application.properties},
 * {@code ./certflow.properties}, the file given by {@code --config} or {@code CERTFLOW_CONFIG}, environment variables
 * ({@code certflow.drop.dir} -> {@code CERTFLOW_DROP_DIR}) and JVM system properties. {@code ${certflow.x}} in a value
 * refers to another key and is resolved last, so overriding {@code certflow.data-dir} moves every folder below it.
 */
public final class ConfigLoader {

    public static final String DEFAULTS_RESOURCE = "/application.properties";
    public static final String WORKING_DIR_FILE = "certflow.properties";
    public static final String CONFIG_ENV = "CERTFLOW_CONFIG";
    /** Environment variables of certflow's that are not configuration keys. */
    private static final Set<String> OTHER_VARIABLES = Set.of(CONFIG_ENV, "CERTFLOW_PASSWORD", "CERTFLOW_CAMEL_LOG_LEVEL",
            "CERTFLOW_JAVA_OPTIONS"); // read by the packaged launcher, which passes it on in the environment
    private static final String ENV_PREFIX = "CERTFLOW_";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(certflow\\.[A-Za-z0-9.\\-]+)}");

    private final Map<String, String> environment;
    private final Properties systemProperties;
    private final Path workingDir;

    public ConfigLoader(Map<String, String> environment, Properties systemProperties, Path workingDir) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.workingDir = workingDir;
    }

    public static ConfigLoader fromProcess() {
        return new ConfigLoader(System.getenv(), System.getProperties(), Path.of("").toAbsolutePath());
    }

    /** The environment variable that overrides a key. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The defaults shipped in the jar, in file order. */
    public static Map<String, String> defaults() {
        Properties props = new Properties();
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new ConfigException("the jar holds no " + DEFAULTS_RESOURCE);
            }
            props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("cannot read the built-in defaults: " + e.getMessage(), e);
        }
        Map<String, String> sorted = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> sorted.put(k, props.getProperty(k)));
        return sorted;
    }

    /**
     * Every key (certflow.* and camel.*) with its resolved value.
     *
     * @param configFile the file of {@code --config}, or null to use {@code CERTFLOW_CONFIG} when set
     */
    public Map<String, String> load(Path configFile) {
        Map<String, String> values = new LinkedHashMap<>(defaults());
        List<String> sources = new ArrayList<>();
        Path local = workingDir.resolve(WORKING_DIR_FILE);
        if (Files.isRegularFile(local)) {
            overlay(values, local);
            sources.add(local.toString());
        }
        Path explicit = configFile;
        if (explicit == null && environment.get(CONFIG_ENV) != null && !environment.get(CONFIG_ENV).isBlank()) {
            explicit = Path.of(environment.get(CONFIG_ENV));
        }
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new ConfigException("configuration file " + explicit + " does not exist or is not a file");
            }
            overlay(values, explicit);
        }
        refuseUnknownVariables(values.keySet());
        refuseUnknownSystemProperties(values.keySet());
        for (String key : List.copyOf(values.keySet())) {
            if (!key.startsWith("certflow.")) {
                continue;
            }
            String fromEnv = environment.get(environmentName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
            String fromSystem = systemProperties.getProperty(key);
            if (fromSystem != null) {
                values.put(key, fromSystem);
            }
        }
        return resolveReferences(values);
    }

    private static void overlay(Map<String, String> values, Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) { // Properties.load: a backslash-u escape without four hex digits
            throw new ConfigException("configuration file " + file + " is not in properties format: " + e.getMessage(), e);
        }
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("certflow.") && !values.containsKey(key)) {
                throw new ConfigException(key + " (in " + file + "): unknown configuration key" + hint(key, values.keySet()));
            }
            values.put(key, props.getProperty(key).strip());
        }
    }

    /** A misspelt variable must not silently leave a setting at its default, any more than a misspelt key in a file. */
    private void refuseUnknownVariables(Set<String> keys) {
        Map<String, String> byVariable = new TreeMap<>();
        keys.stream().filter(k -> k.startsWith("certflow.")).forEach(k -> byVariable.put(environmentName(k), k));
        for (String variable : new TreeSet<>(environment.keySet())) {
            if (variable.startsWith(ENV_PREFIX) && !byVariable.containsKey(variable) && !OTHER_VARIABLES.contains(variable)) {
                String closest = ClosestName.among(variable, byVariable.keySet())
                        .map(v -> "; did you mean " + v + " (" + byVariable.get(v) + ")?")
                        .orElse("; see the configuration reference in README.md");
                throw new ConfigException(variable + " (environment variable): unknown configuration key" + closest);
            }
        }
    }

    private void refuseUnknownSystemProperties(Set<String> keys) {
        for (String key : new TreeSet<>(systemProperties.stringPropertyNames())) {
            if (key.startsWith("certflow.") && !keys.contains(key)) {
                throw new ConfigException(key + " (-D system property): unknown configuration key" + hint(key, keys));
            }
        }
    }

    private static String hint(String key, Set<String> keys) {
        return ClosestName.among(key, keys.stream().filter(k -> k.startsWith("certflow.")).toList())
                .map(k -> "; did you mean " + k + "?")
                .orElse("; see the configuration reference in README.md");
    }

    /** Replaces each {@code ${certflow.x}} by the resolved value of that key. */
    public static Map<String, String> resolveReferences(Map<String, String> values) {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (String key : values.keySet()) {
            resolved.put(key, resolve(key, values, new ArrayList<>()));
        }
        return resolved;
    }

    private static String resolve(String key, Map<String, String> values, List<String> path) {
        if (path.contains(key)) {
            throw new ConfigException(key + ": refers to itself through " + String.join(" -> ", path));
        }
        path.add(key);
        String value = values.get(key);
        Matcher m = REFERENCE.matcher(value == null ? "" : value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            if (!values.containsKey(ref)) {
                throw new ConfigException(key + ": refers to unknown key " + ref);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(ref, values, path)));
        }
        m.appendTail(out);
        path.remove(path.size() - 1);
        return out.toString();
    }
}
