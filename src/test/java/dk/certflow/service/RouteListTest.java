package dk.certflow.service;

import dk.certflow.config.ConfigLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The route files are listed by name (a pattern makes camel-main scan the whole jar): the list must name every file. */
class RouteListTest {

    @Test
    void theDefaultsNameEveryRouteFileInTheRoutesFolderAndNothingElse() throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
            defaults.load(in);
        }
        String[] listed = defaults.getProperty("camel.main.routes-include-pattern").split(",");
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            assertThat(Arrays.stream(listed).map(String::strip))
                    .allSatisfy(location -> assertThat(location).startsWith("classpath:routes/").doesNotContain("*"))
                    .containsExactlyInAnyOrderElementsOf(files.map(f -> "classpath:routes/" + f.getFileName()).toList());
        }
    }
}
