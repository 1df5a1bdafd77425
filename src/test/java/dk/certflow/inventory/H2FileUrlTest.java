package dk.certflow.inventory;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H2FileUrlTest {

    @Test
    void opensFileDatabasesOwnerOnlyWithImmediateCommitsAStatementCacheAndNoServer() {
        assertThat(H2FileUrl.embedded("jdbc:h2:file:./data/db/certflow"))
                .isEqualTo("jdbc:h2:owneronly:./data/db/certflow;WRITE_DELAY=0;QUERY_CACHE_SIZE=64");
        assertThat(H2FileUrl.embedded("jdbc:h2:file:/srv/db;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:owneronly:/srv/db;MODE=PostgreSQL;WRITE_DELAY=0;QUERY_CACHE_SIZE=64");
        assertThat(H2FileUrl.embedded("jdbc:h2:file:/srv/db; write_delay=100;Query_Cache_Size=16"))
                .isEqualTo("jdbc:h2:owneronly:/srv/db; write_delay=100;Query_Cache_Size=16");
        assertThat(H2FileUrl.embedded("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
        assertThat(H2FileUrl.embedded("jdbc:postgresql://db/certflow")).isEqualTo("jdbc:postgresql://db/certflow");
    }

    @Test
    void h2TakesTheSettingsAsGiven(@TempDir Path temp) throws Exception {
        try (Database database = Database.open("jdbc:h2:file:" + temp.resolve("certflow"), null, null);
             var connection = database.dataSource().getConnection();
             var statement = connection.createStatement();
             var settings = statement.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME IN ('QUERY_CACHE_SIZE', 'WRITE_DELAY')")) {
            java.util.Map<String, String> values = new java.util.HashMap<>();
            while (settings.next()) {
                values.put(settings.getString(1), settings.getString(2));
            }
            assertThat(values).containsEntry("QUERY_CACHE_SIZE", "64").containsEntry("WRITE_DELAY", "0");
        }
    }

    @Test
    void everyFileAndFolderH2CreatesIsOwnerOnly(@TempDir Path temp) throws Exception {
        Path dir = temp.resolve("data").resolve("db");
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("certflow"), null, null);
             var connection = database.dataSource().getConnection();
             var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE probe (x INT)");
            assertThat(Files.list(dir)).isNotEmpty().allSatisfy(H2FileUrlTest::assertOwnerOnly);
        }
        assertOwnerOnly(dir);
        assertThat(Files.list(dir)).extracting(p -> p.getFileName().toString()).contains("certflow.mv.db")
                .allSatisfy(name -> assertThat(name).startsWith("certflow."));
    }

    private static void assertOwnerOnly(Path path) {
        try {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
            assertThat(mode).as(path.toString()).isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
