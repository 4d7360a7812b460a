package io.runstore.server.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.server.RunstoreApplication;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API of replays on a running server: status as JSON, a rebuild started over HTTP that switches, a check
 * that finds no difference, the replaced tables dropped, the meters, bad input refused in KFP's error shape naming
 * the parameter. Run once per database.
 */
abstract class ReplayAdminTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String REPLAY = "/apis/runstore/admin/replay";

    abstract DatabaseKind databaseKind();

    @Test
    void aRebuildAndACheckStartedOverHttpReportTheirProgressAndOutcome() throws Exception {
        TestDatabase database = TestDatabases.create(databaseKind());
        List<String> args = new ArrayList<>(Arrays.stream(database.springProperties()).map(p -> "--" + p).toList());
        args.add("--server.port=0");
        try (ConfigurableApplicationContext server = SpringApplication.run(RunstoreApplication.class,
                args.toArray(String[]::new))) {
            String base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> created = send(base, "POST", "/apis/v2beta1/runs", "{\"display_name\": \"r" + i
                        + "\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}");
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            }
            JsonNode status = json(send(base, "GET", REPLAY, null));
            assertThat(status.get("head").asLong()).isGreaterThanOrEqualTo(30);
            assertThat(status.hasNonNull("rebuild")).as(status.toString()).isFalse();
            assertThat(status.get("replaced_tables_kept").asBoolean()).isFalse();

            HttpResponse<String> refused = send(base, "POST", REPLAY + "/rebuild?lanes=0", null);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(json(refused).get("message").asText()).contains("lanes");
            assertThat(json(refused).get("code").asInt()).isEqualTo(3);

            assertThat(send(base, "POST", REPLAY + "/rebuild?lanes=2&chunk=7", null).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofMinutes(2)).until(() -> json(send(base, "GET", REPLAY, null))
                    .at("/this_server/last_outcome/operation").asText().equals("rebuild"));
            status = json(send(base, "GET", REPLAY, null));
            assertThat(status.at("/this_server/last_outcome/outcome").asText()).as(status.toString())
                    .isEqualTo("SWITCHED");
            assertThat(status.get("replaced_tables_kept").asBoolean()).isTrue();
            assertThat(status.at("/this_server/events_done").asLong()).isGreaterThanOrEqualTo(30);
            HttpResponse<String> meter = send(base, "GET", "/actuator/metrics/runstore.replay.events", null);
            assertThat(meter.statusCode()).isEqualTo(200);
            assertThat(json(meter).at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(30);
            assertThat(send(base, "GET", "/apis/v2beta1/runs?page_size=100", null).body()).contains("\"r29\"");

            assertThat(send(base, "POST", REPLAY + "/check", null).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofMinutes(2)).until(() -> json(send(base, "GET", REPLAY, null))
                    .at("/this_server/last_outcome/operation").asText().equals("check"));
            status = json(send(base, "GET", REPLAY, null));
            assertThat(status.at("/this_server/last_outcome/differences").size()).as(status.toString()).isZero();
            assertThat(status.at("/this_server/last_outcome/runs").asLong()).isEqualTo(30);

            assertThat(json(send(base, "DELETE", REPLAY + "/previous", null)).get("dropped").asBoolean()).isTrue();
            assertThat(json(send(base, "GET", REPLAY, null)).get("replaced_tables_kept").asBoolean()).isFalse();
        }
    }

    private static HttpResponse<String> send(String base, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }
}
