package dk.certflow.inventory;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H2FileUrlTest {

    @Test
    void sharesFileDatabasesThatDoNotSayOtherwise() {
        assertThat(H2FileUrl.shared("jdbc:h2:file:./data/db/certflow"))
                .isEqualTo("jdbc:h2:file:./data/db/certflow;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(H2FileUrl.shared("jdbc:h2:file:/srv/db;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:/srv/db;MODE=PostgreSQL;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(H2FileUrl.shared("jdbc:h2:file:/srv/db;auto_server=false")).isEqualTo("jdbc:h2:file:/srv/db;auto_server=false;WRITE_DELAY=0");
        assertThat(H2FileUrl.shared("jdbc:h2:file:/srv/db; AUTO_SERVER = TRUE; write_delay=100")).isEqualTo("jdbc:h2:file:/srv/db; AUTO_SERVER = TRUE; write_delay=100");
        assertThat(H2FileUrl.shared("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
        assertThat(H2FileUrl.shared("jdbc:postgresql://db/certflow")).isEqualTo("jdbc:postgresql://db/certflow");
    }

    @Test
    void findsTheDataFileOfFileDatabasesOnly() {
        assertThat(H2FileUrl.dataFile("jdbc:h2:file:/srv/certflow/db/certflow;AUTO_SERVER=TRUE"))
                .contains(Path.of("/srv/certflow/db/certflow.mv.db"));
        assertThat(H2FileUrl.dataFile("jdbc:h2:file:~/certflow"))
                .contains(Path.of(System.getProperty("user.home"), "certflow.mv.db"));
        assertThat(H2FileUrl.dataFile("jdbc:h2:mem:test")).isEmpty();
        assertThat(H2FileUrl.dataFile("jdbc:postgresql://db/certflow")).isEmpty();
    }
}
