package dk.certflow.service;

import dk.certflow.config.ConfigException;
import dk.certflow.config.Settings;
import dk.certflow.files.AtomicFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** The mistakes a newcomer makes most, answered in one line before the service starts. */
final class Preflight {

    private Preflight() {
    }

    static void check(Settings settings) {
        Path data = settings.folders().data();
        try {
            AtomicFiles.createOwnerOnlyDirectories(data);
        } catch (IOException e) {
            throw new ConfigException("certflow.data-dir: cannot create " + data + " (" + e.getClass().getSimpleName()
                    + "); choose a writable folder, e.g. CERTFLOW_DATA_DIR=/var/lib/certflow");
        }
        if (!Files.isWritable(data)) {
            throw new ConfigException("certflow.data-dir: " + data + " is not writable by this user; fix its permissions or choose another folder");
        }
        int port = settings.managementPort();
        if (port != 0) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(settings.managementHost(), port));
            } catch (IOException e) {
                throw new ConfigException("certflow.management.port: port " + port
                        + " is in use (another certflow running?); stop it or set CERTFLOW_MANAGEMENT_PORT to a free port");
            }
        }
    }
}
