package dk.certflow.cli;

import picocli.CommandLine.IVersionProvider;

final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"certflow " + (version == null ? "(development build)" : version)
                + " on Java " + System.getProperty("java.version")};
    }
}
