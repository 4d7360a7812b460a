package io.runstore.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With no database configured the server runs on an embedded PostgreSQL whose data survives a restart. */
class EmbeddedPostgresRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void runCreatedBeforeARestartIsStillListedAfterIt() throws Exception {
        String runId;
        try (ConfigurableApplicationContext first = start()) {
            RestClient client = client(first);
            JsonNode created = JSON.readTree(client.post().uri("/apis/v2beta1/runs")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"display_name\": \"survivor\", \"pipeline_version_reference\": {\"pipeline_id\": \"p\"}}")
                    .retrieve().body(String.class));
            runId = created.get("run_id").asText();
            assertThat(first.getBean(HikariDataSource.class).getJdbcUrl()).startsWith("jdbc:postgresql://localhost:");
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();

        try (ConfigurableApplicationContext second = start()) {
            RestClient client = client(second);
            JsonNode list = await().atMost(Duration.ofSeconds(20)).until(
                    () -> JSON.readTree(client.get().uri("/apis/v2beta1/runs").retrieve().body(String.class)),
                    body -> body.get("total_size").asInt() == 1);
            assertThat(list.at("/runs/0/run_id").asText()).isEqualTo(runId);
            assertThat(list.at("/runs/0/display_name").asText()).isEqualTo("survivor");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(RunstoreApplication.class)
                .run("--server.port=0", "--runstore.data-dir=" + dataDir);
    }

    private static RestClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return RestClient.create("http://127.0.0.1:" + port);
    }
}
