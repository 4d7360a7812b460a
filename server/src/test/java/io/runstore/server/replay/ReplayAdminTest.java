package io.runstore.server.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.runstore.projections.processing.ProjectionGate;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.projections.replay.ReadTableState;
import io.runstore.server.RunstoreApplication;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameRequest;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.runstore.readtables.schema.Tables.MLMD_OBJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API of replays on a running server: status as JSON, a rebuild started over HTTP that switches, a check
 * that finds no difference, the replaced tables dropped, the meters, bad input refused in KFP's error shape naming
 * the parameter; a table a new version adds (mlmd_object) backfilled at start while writes continue, its reads
 * answering 503 until it is ready, each table's status in the JSON and the meters. Run once per database.
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

    @Test
    void aTableAddedByANewVersionIsBackfilledAtStartWhileWritesContinueAndAnswers503Until() throws Exception {
        TestDatabase database = TestDatabases.create(databaseKind());
        List<String> args = new ArrayList<>(Arrays.stream(database.springProperties()).map(p -> "--" + p).toList());
        args.add("--server.port=0");
        List<String> runIds = new ArrayList<>();
        try (ConfigurableApplicationContext server = SpringApplication.run(RunstoreApplication.class,
                args.toArray(String[]::new))) {
            String base = base(server);
            for (int i = 0; i < 40; i++) {
                runIds.add(createRun(base, "old " + i));
            }
        }
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            DSLContext dsl = DSL.using(dataSource, database.dialect());
            dsl.deleteFrom(MLMD_OBJECT).execute();
            ReadTableState.set(dsl, MLMD_OBJECT.getName(), ReadTableState.State.BACKFILLING);
            args.add("--runstore.replay.backfill-chunk=5");
            ConfigurableApplicationContext server;
            try (ProjectionGate.Held gate = ProjectionGate.hold(dataSource, database.dialect(),
                    RunListProjector.PROCESSING_GROUP)) {
                server = SpringApplication.run(RunstoreApplication.class, args.toArray(String[]::new));
                String base = base(server);
                await().atMost(Duration.ofMinutes(1)).until(() -> table(base, "mlmd_object")
                        .get("events_done").asLong() > 0);
                JsonNode table = table(base, "mlmd_object");
                assertThat(table.get("state").asText()).isEqualTo("BACKFILLING");
                assertThat(table.get("replay").asText()).isEqualTo("backfill:mlmd_object");
                assertThat(table.get("events_total").asLong()).isGreaterThanOrEqualTo(40);
                assertThat(table(base, "run_list").get("state").asText()).isEqualTo("READY");

                HttpResponse<byte[]> unavailable = contextByName(base, runIds.get(0));
                assertThat(unavailable.statusCode()).isEqualTo(503);
                assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(unavailable.headers().firstValue("grpc-status")).hasValue("14");
                assertThat(new String(unavailable.body(), StandardCharsets.US_ASCII)).contains("grpc-status:14")
                        .contains("backfilled");
                for (int i = 0; i < 3; i++) {
                    runIds.add(createRun(base, "new " + i));
                }
                assertThat(ReadTableState.of(dsl, MLMD_OBJECT.getName())).isEqualTo(ReadTableState.State.BACKFILLING);
            }
            try (server) {
                String base = base(server);
                await().atMost(Duration.ofMinutes(1)).until(() -> table(base, "mlmd_object").get("state").asText()
                        .equals("READY"));
                HttpResponse<byte[]> answered = contextByName(base, runIds.get(0));
                assertThat(answered.statusCode()).isEqualTo(200);
                assertThat(new String(answered.body(), StandardCharsets.US_ASCII)).contains("grpc-status:0")
                        .contains(runIds.get(0));
                await().atMost(Duration.ofMinutes(1)).until(() -> dsl.fetchCount(MLMD_OBJECT) == runIds.size());
                await().atMost(Duration.ofMinutes(2)).until(() -> json(send(base, "GET", REPLAY, null))
                        .at("/live_projector/events_behind").asLong() == 0);

                assertThat(send(base, "POST", REPLAY + "/check", null).statusCode()).isEqualTo(202);
                await().atMost(Duration.ofMinutes(2)).until(() -> json(send(base, "GET", REPLAY, null))
                        .at("/this_server/last_outcome/operation").asText().equals("check"));
                JsonNode status = json(send(base, "GET", REPLAY, null));
                assertThat(status.at("/this_server/last_outcome/differences").size()).as(status.toString()).isZero();
                HttpResponse<String> ready = send(base, "GET",
                        "/actuator/metrics/runstore.replay.table.ready?tag=table:mlmd_object", null);
                assertThat(json(ready).at("/measurements/0/value").asDouble()).as(ready.body()).isEqualTo(1.0);
            }
        }
    }

    private static String base(ConfigurableApplicationContext server) {
        return "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
    }

    private static String createRun(String base, String name) throws Exception {
        HttpResponse<String> created = send(base, "POST", "/apis/v2beta1/runs", "{\"display_name\": \"" + name
                + "\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return JSON.readTree(created.body()).get("run_id").asText();
    }

    private static JsonNode table(String base, String name) {
        for (JsonNode table : json(send(base, "GET", REPLAY, null)).get("tables")) {
            if (table.get("table").asText().equals(name)) {
                return table;
            }
        }
        throw new AssertionError("no table " + name + " in the replay status");
    }

    /** ML Metadata's GetContextByTypeAndName for the run, over gRPC-web (binary) as KFP's UI sends it. */
    private static HttpResponse<byte[]> contextByName(String base, String runId) throws Exception {
        byte[] message = GetContextByTypeAndNameRequest.newBuilder().setTypeName("system.PipelineRun")
                .setContextName(runId).build().toByteArray();
        byte[] frame = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message)
                .array();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base
                        + "/ml_metadata.MetadataStoreService/GetContextByTypeAndName"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(frame))
                .header("Content-Type", "application/grpc-web+proto").header("X-Grpc-Web", "1").build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
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
