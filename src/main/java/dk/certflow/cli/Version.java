package dk.certflow.cli;

import picocli.CommandLine.IVersionProvider;

/** The version line of {@code certflow --version}, the console and anything else that says which certflow runs. */
public final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {describe()};
    }

    /** "certflow 1.2.3 on Java 17.0.15"; "(development build)" when not run from the packaged jar. */
    public static String describe() {
        String version = Version.class.getPackage().getImplementationVersion();
        return "certflow " + (version == null ? "(development build)" : version) + " on Java " + System.getProperty("java.version");
    }
}
