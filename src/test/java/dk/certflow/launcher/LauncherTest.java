package dk.certflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LauncherTest {

    @Test
    void anOldJavaGetsOneLineThatSaysWhatToDo() {
        assertThat(Launcher.versionProblem("1.8", "/usr/lib/jvm/java-8")).contains("needs Java 17", "Java 1.8", "/usr/lib/jvm/java-8");
        assertThat(Launcher.versionProblem("11", "/opt/jdk-11")).contains("needs Java 17", "Java 11").doesNotContain("\n");
    }

    @Test
    void java17AndNewerRunCertflow() {
        assertThat(Launcher.versionProblem("17", "x")).isNull();
        assertThat(Launcher.versionProblem("25", "x")).isNull();
    }

    @Test
    void theLauncherItselfLoadsOnJava8() throws Exception {
        try (InputStream in = Launcher.class.getResourceAsStream("Launcher.class"); DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort();
            assertThat(data.readUnsignedShort()).as("class file major version").isEqualTo(52);
        }
    }
}
