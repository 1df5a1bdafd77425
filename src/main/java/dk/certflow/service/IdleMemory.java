package dk.certflow.service;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory back when the service idles, as a small always-on service should. With {@code java -jar} and no options
 * the G1 collector keeps the heap it grew during start-up (over 100 MB for some 25 MB in use). Three of its options
 * can be changed while the JVM runs: keep less free heap, and collect now and then when idle (JEP 346), which returns
 * what is free. Only options still at their JVM defaults are changed: what an operator set on the command line wins.
 */
final class IdleMemory {

    private static final Logger LOG = LoggerFactory.getLogger(IdleMemory.class);
    /** In this order: the minimum may never exceed the maximum, not even for a moment. */
    private static final List<Map.Entry<String, String>> OPTIONS = List.of(
            Map.entry("MinHeapFreeRatio", "10"),
            Map.entry("MaxHeapFreeRatio", "30"),
            Map.entry("G1PeriodicGCInterval", "30000")); // ms without a collection before an idle one

    private IdleMemory() {
    }

    /** Applies the options and collects the garbage of start-up once; called when the service has started. */
    static void trimAfterStart() {
        if (!usesG1()) {
            return; // another collector was chosen on purpose (the Docker image uses the serial one)
        }
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (Map.Entry<String, String> entry : OPTIONS) {
            String name = entry.getKey();
            String value = entry.getValue();
            try {
                VMOption option = hotspot.getVMOption(name);
                if (option.isWriteable() && option.getOrigin() == VMOption.Origin.DEFAULT) {
                    hotspot.setVMOption(name, value);
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("JVM option {} not set: {}", name, e.getMessage());
            }
        }
        System.gc(); // once, after start-up: what start-up allocated is garbage now
    }

    private static boolean usesG1() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).anyMatch(name -> name.startsWith("G1 "));
    }
}
