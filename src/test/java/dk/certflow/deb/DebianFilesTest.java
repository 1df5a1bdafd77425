package dk.certflow.deb;

import static org.assertj.core.api.Assertions.assertThat;

import dk.certflow.config.ConfigLoader;
import dk.certflow.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of the Debian package (src/deb/) checked against the application, so that none can drift: the conffile
 * documents every configuration key with its real default, the unit runs the launcher with the promised hardening, and
 * the shell scripts parse. DebianPackageIT installs the package built from them.
 */
class DebianFilesTest {

    static final Path CONFFILE = Path.of("src/deb/etc/certflow.properties");
    static final Path UNIT = Path.of("src/deb/systemd/certflow.service");
    private static final Pattern KEY_LINE = Pattern.compile("^(#?)(certflow\\.[a-z0-9.-]+)=(.*)$");
    /** What the package sets instead of the built-in default, and why it may. */
    private static final Map<String, String> SET_BY_THE_PACKAGE = Map.of("certflow.data-dir", "/var/lib/certflow");

    @Test
    void theConffileListsEveryKeyWithItsDefaultAndWhatItMeans() throws IOException {
        List<String> lines = Files.readAllLines(CONFFILE);
        Map<String, String> defaults = new TreeMap<>();
        ConfigLoader.defaults().forEach((key, value) -> {
            if (key.startsWith("certflow.")) {
                defaults.put(key, value);
            }
        });
        Map<String, String> listed = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = KEY_LINE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String key = m.group(2);
            assertThat(listed.put(key, m.group(3))).as("listed twice: " + key).isNull();
            assertThat(lines.get(i - 1)).as("the line before " + key + " says what it means").startsWith("# ").hasSizeGreaterThan(4);
            if (SET_BY_THE_PACKAGE.containsKey(key)) {
                assertThat(m.group(1)).as(key + " is set by the package").isEmpty();
                assertThat(m.group(3)).isEqualTo(SET_BY_THE_PACKAGE.get(key));
            } else {
                assertThat(m.group(1)).as(key + " is commented out, so the built-in default applies").isEqualTo("#");
                assertThat(m.group(3)).as("the default shown for " + key).isEqualTo(defaults.get(key));
            }
        }
        assertThat(listed.keySet())
                .as("src/deb/etc/certflow.properties must list every key of application.properties, commented, with its default "
                        + "and a line saying what it means")
                .containsExactlyInAnyOrderElementsOf(defaults.keySet());
    }

    @Test
    void theConffileAsInstalledIsAValidConfigurationOfTheService(@TempDir Path temp) throws IOException {
        Properties empty = new Properties();
        Settings settings = Settings.from(new ConfigLoader(Map.of(), empty, temp).load(CONFFILE));
        assertThat(settings.folders().data()).isEqualTo(Path.of("/var/lib/certflow"));
        assertThat(settings.folders().drop()).isEqualTo(Path.of("/var/lib/certflow/drop"));
        assertThat(settings.managementHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void theUnitRunsTheLauncherAsCertflowWithItsStateAndHardening() throws IOException {
        Map<String, List<String>> unit = SystemdUnit.read(UNIT);
        assertThat(unit.get("ExecStart")).containsExactly("/usr/bin/certflow run");
        assertThat(unit.get("User")).containsExactly("certflow");
        assertThat(unit.get("Group")).containsExactly("certflow");
        assertThat(unit.get("Environment")).containsExactly("CERTFLOW_CONFIG=/etc/certflow/certflow.properties");
        assertThat(unit.get("WorkingDirectory")).containsExactly("/var/lib/certflow");
        assertThat(unit.get("StateDirectory")).containsExactly("certflow");
        assertThat(unit.get("ReadWritePaths")).containsExactly("/var/lib/certflow");
        for (String yes : List.of("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices", "ProtectKernelTunables",
                "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups", "RestrictSUIDSGID", "LockPersonality")) {
            assertThat(unit.get(yes)).as(yes).containsExactly("yes");
        }
        assertThat(unit.get("ProtectSystem")).containsExactly("strict");
        assertThat(unit.get("RestrictAddressFamilies")).containsExactly("AF_INET AF_INET6 AF_UNIX");
        assertThat(unit.get("UMask")).containsExactly("0027");
        assertThat(unit).as("the JIT compiler writes the code it runs").doesNotContainKey("MemoryDenyWriteExecute");
        assertThat(unit.get("WantedBy")).containsExactly("multi-user.target");
    }

    @Test
    void theShellScriptsParse() throws Exception {
        for (String script : List.of("src/deb/bin/certflow", "src/deb/control/postinst", "src/deb/control/prerm",
                "src/deb/control/postrm", "certflow")) {
            assertThat(Files.isExecutable(Path.of(script))).as(script + " is executable").isTrue();
            assertThat(Files.readAllLines(Path.of(script)).get(0)).as(script).isEqualTo("#!/bin/sh");
            Process sh = new ProcessBuilder("sh", "-n", script).redirectErrorStream(true).start();
            assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sh.exitValue()).as(script + ": " + new String(sh.getInputStream().readAllBytes())).isZero();
        }
    }

    @Test
    void theLauncherKeepsTheJvmSmallAndUsesTheClassDataArchiveOnlyWhenItIsFresh() throws IOException {
        String launcher = Files.readString(Path.of("src/deb/bin/certflow"));
        assertThat(launcher).contains("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}",
                "-XX:SharedArchiveFile=$cds -Xshare:auto", "[ \"$cds\" -nt \"$jar\" ]", "[ \"$cds\" -nt \"$libjvm\" ]",
                "jar=/usr/share/certflow/certflow.jar", "exec \"$java\" $options ${CERTFLOW_JAVA_OPTIONS:-} -jar \"$jar\" \"$@\"");
        assertThat(Files.readString(Path.of("src/deb/control/postinst"))).contains("-XX:ArchiveClassesAtExit=$cds.new",
                "cds=/var/cache/certflow/certflow.jsa");
    }
}
