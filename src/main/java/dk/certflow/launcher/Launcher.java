package dk.certflow.launcher;

/**
 * The jar's entry point, compiled for Java 8 so that an old Java answers with one clear line instead of an
 * UnsupportedClassVersionError; on Java 17 or newer it hands over to {@code dk.certflow.Certflow}.
 */
public final class Launcher {

    static final int REQUIRED = 17;

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        String problem = versionProblem(System.getProperty("java.specification.version"), System.getProperty("java.home"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(2);
        }
        Class.forName("dk.certflow.Certflow").getMethod("main", String[].class).invoke(null, (Object) args);
    }

    /** null when the running Java is new enough, otherwise the line to print. */
    static String versionProblem(String specificationVersion, String javaHome) {
        String v = specificationVersion == null ? "0" : specificationVersion;
        int major;
        try {
            major = Integer.parseInt(v.startsWith("1.") ? v.substring(2) : v.split("\\.")[0]);
        } catch (NumberFormatException e) {
            major = 0;
        }
        if (major >= REQUIRED) {
            return null;
        }
        return "certflow needs Java " + REQUIRED + " or newer, but this is Java " + v + " (" + javaHome
                + "): install a Java 17 runtime (e.g. apt-get install openjdk-17-jre-headless) or run it with /path/to/jdk-17/bin/java -jar certflow.jar";
    }
}
