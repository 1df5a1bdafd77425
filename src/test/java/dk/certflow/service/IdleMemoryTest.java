package dk.certflow.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The idle-memory options are set in a JVM on G1 defaults, and an option the operator gave stays as given. */
class IdleMemoryTest {

    @Test
    void setsTheIdleOptionsButLeavesWhatTheOperatorChose() throws Exception {
        assertThat(options("-XX:+UseG1GC")).containsExactly("MinHeapFreeRatio=10", "MaxHeapFreeRatio=30", "G1PeriodicGCInterval=30000");
        assertThat(options("-XX:+UseG1GC", "-XX:MaxHeapFreeRatio=50")).containsExactly("MinHeapFreeRatio=10", "MaxHeapFreeRatio=50",
                "G1PeriodicGCInterval=30000");
        assertThat(options("-XX:+UseSerialGC")).containsExactly("MinHeapFreeRatio=40", "MaxHeapFreeRatio=70", "G1PeriodicGCInterval=0");
    }

    /** The three options in a fresh JVM after {@link IdleMemory#trimAfterStart()}. */
    private static List<String> options(String... jvmOptions) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.contains("=")).toList();
    }

    static final class Probe {
        public static void main(String[] args) {
            IdleMemory.trimAfterStart();
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            for (String name : List.of("MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval")) {
                System.out.println(name + "=" + hotspot.getVMOption(name).getValue());
            }
        }
    }
}
