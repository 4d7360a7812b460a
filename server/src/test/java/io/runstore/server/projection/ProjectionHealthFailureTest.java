package io.runstore.server.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.server.RunstoreApplication;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projector's health component when its status cannot be read (the dead-letter table is gone: a statement that
 * fails however often it is retried): the health group answers DOWN (503) and names the reason, not a 500.
 */
abstract class ProjectionHealthFailureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    abstract DatabaseKind databaseKind();

    @Test
    void aFailingStatusQueryIsDownWithItsReason() throws Exception {
        TestDatabase database = TestDatabases.create(databaseKind());
        List<String> args = new ArrayList<>(Arrays.stream(database.springProperties()).map(p -> "--" + p).toList());
        args.addAll(List.of("--server.port=0", "--runstore.grpc.port=0", "--spring.main.banner-mode=off"));
        try (ConfigurableApplicationContext projector = new SpringApplicationBuilder(RunstoreApplication.class)
                .profiles("command", "projector").run(args.toArray(String[]::new))) {
            HttpResponse<String> healthy = get(projector, "/actuator/health/projector");
            assertThat(healthy.statusCode()).as(healthy.body()).isEqualTo(200);

            projector.getBean(DSLContext.class).dropTable(PROJECTION_DEAD_LETTER).execute();

            HttpResponse<String> failing = get(projector, "/actuator/health/projector");
            assertThat(failing.statusCode()).as(failing.body()).isEqualTo(503);
            JsonNode projection = JSON.readTree(failing.body()).at("/components/projection");
            assertThat(projection.path("status").asText()).as(failing.body()).isEqualTo("DOWN");
            assertThat(projection.at("/details/reason").asText()).as(failing.body())
                    .startsWith("the projection's status cannot be read: ")
                    .containsIgnoringCase("projection_dead_letter");
        }
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext server, String path) throws Exception {
        String port = server.getEnvironment().getProperty("local.server.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
