package dk.certflow.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** The default node id: the host name and the process id, which tell two nodes apart and a restarted node from its past. */
final class NodeNames {

    private NodeNames() {
    }

    static String defaultNodeId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "certflow";
            }
        }
        String safe = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        if (safe.isEmpty()) {
            safe = "certflow";
        }
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        return safe + "-" + ProcessHandle.current().pid();
    }
}
