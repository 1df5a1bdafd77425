package dk.certflow.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /observe/health tells an unattended operator when the drop folder is gone (an unmounted share, a deleted folder). */
class HealthTest {

    @TempDir
    Path temp;

    @Test
    void aVanishedDropFolderTurnsHealthDownAndBackUpWhenItReturns() throws Exception {
        try (RunningService service = RunningService.start(temp.resolve("data"), RunningService.settings(
                "certflow.drop.poll-interval", "200ms"), null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> service.get("/observe/health").statusCode() == 200);
            Files.delete(service.drop());
            await().atMost(Duration.ofSeconds(10)).until(() -> service.get("/observe/health").statusCode() == 503);
            assertThat(service.get("/observe/health").body()).contains("DOWN");
            assertThat(service.drop()).as("not silently recreated").doesNotExist();
            Files.createDirectory(service.drop());
            await().atMost(Duration.ofSeconds(10)).until(() -> service.get("/observe/health").statusCode() == 200);
        }
    }

    @Test
    void theNodeCheckNamesThisNodeAndTheNodeRunningTheTimers() throws Exception {
        try (RunningService service = RunningService.start(temp.resolve("data"), RunningService.settings(
                "certflow.node.id", "ops1"), null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> service.get("/observe/health").statusCode() == 200);
            com.fasterxml.jackson.databind.JsonNode node = await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (com.fasterxml.jackson.databind.JsonNode check : dk.certflow.json.Json.mapper()
                        .readTree(service.get("/observe/health?exposureLevel=full&data=true").body()).path("checks")) {
                    if (check.path("name").asText().equals("node")) {
                        return check;
                    }
                }
                return null;
            }, java.util.Objects::nonNull);
            assertThat(node.path("status").asText()).isEqualTo("UP");
            assertThat(node.path("data").path("node").asText()).isEqualTo("ops1");
            assertThat(node.path("data").path("timers").asText()).isEqualTo("ops1");
            assertThat(node.path("data").path("nodes").asText()).isEqualTo("ops1");
        }
    }
}
