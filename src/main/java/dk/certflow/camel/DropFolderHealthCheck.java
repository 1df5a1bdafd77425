package dk.certflow.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** DOWN when the drop folder is gone or certflow can no longer read and write it. */
final class DropFolderHealthCheck extends AbstractHealthCheck {

    private final Path dropDir;

    DropFolderHealthCheck(Path dropDir) {
        super("certflow", "drop-folder");
        this.dropDir = dropDir;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("path", dropDir.toString());
        if (Files.isDirectory(dropDir) && Files.isReadable(dropDir) && Files.isWritable(dropDir)) {
            builder.up();
        } else {
            builder.message("drop folder " + dropDir + " is missing or not readable and writable").down();
        }
    }
}
