package io.runstore.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one path end to end, run once per database: POST a run, the projector writes it, GET lists and returns it.
 * Bad input is a 400 naming the field and writes no event.
 */
abstract class RunApiEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TestRestTemplate http;
    @Autowired
    EventStorageEngine storageEngine;

    static void useDatabase(DynamicPropertyRegistry registry, DatabaseKind kind) {
        TestDatabase database = TestDatabases.create(kind);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @Test
    void createdRunIsListedAndReturnedWithKfpFieldNames() throws Exception {
        ResponseEntity<String> experiment = http.postForEntity("/apis/v2beta1/experiments",
                new HttpEntity<>("{\"display_name\": \"exp-1\"}", jsonHeaders()), String.class);
        String experimentId = JSON.readTree(experiment.getBody()).get("experiment_id").asText();
        ResponseEntity<String> created = post("""
                {"display_name": "train", "description": "first", "experiment_id": "%s",
                 "pipeline_version_reference": {"pipeline_id": "p-1", "pipeline_version_id": "v-1"},
                 "runtime_config": {"parameters": {"lr": 0.1}, "pipeline_root": "s3://bucket"},
                 "service_account": "runner"}""".formatted(experimentId));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode run = JSON.readTree(created.getBody());
        String runId = run.get("run_id").asText();
        assertThat(run.get("state").asText()).isEqualTo("PENDING");
        assertThat(run.get("storage_state").asText()).isEqualTo("AVAILABLE");
        assertThat(created.getHeaders().getFirst("Runstore-Consistency-Token")).isEqualTo(runId + ":0");

        ResponseEntity<String> projected = await().atMost(Duration.ofSeconds(20))
                .until(() -> get("/apis/v2beta1/runs/" + runId), response -> response.getStatusCode() == HttpStatus.OK);
        JsonNode fetched = JSON.readTree(projected.getBody());
        assertThat(fetched.get("display_name").asText()).isEqualTo("train");
        assertThat(fetched.get("description").asText()).isEqualTo("first");
        assertThat(fetched.get("experiment_id").asText()).isEqualTo(experimentId);
        assertThat(fetched.at("/pipeline_version_reference/pipeline_version_id").asText()).isEqualTo("v-1");
        assertThat(fetched.at("/runtime_config/parameters/lr").asDouble()).isEqualTo(0.1);
        assertThat(fetched.at("/runtime_config/pipeline_root").asText()).isEqualTo("s3://bucket");
        assertThat(fetched.get("service_account").asText()).isEqualTo("runner");
        assertThat(fetched.get("created_at").asText()).isEqualTo(run.get("created_at").asText());
        assertThat(fetched.at("/state_history/0/state").asText()).isEqualTo("PENDING");

        JsonNode list = JSON.readTree(get("/apis/v2beta1/runs?experiment_id=" + experimentId).getBody());
        assertThat(list.get("total_size").asInt()).isEqualTo(1);
        assertThat(list.at("/runs/0/run_id").asText()).isEqualTo(runId);
        assertThat(list.at("/runs/0/pipeline_spec").isMissingNode()).isTrue();
    }

    @Test
    void healthReportsTheDatabaseAndTheProjection() throws Exception {
        JsonNode health = JSON.readTree(get("/actuator/health").getBody());
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/projection/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/projection/details/running").asBoolean()).isTrue();
    }

    @Test
    void healthzAnswersInKfpsShape() throws Exception {
        JsonNode v2 = JSON.readTree(get("/apis/v2beta1/healthz").getBody());
        assertThat(v2.get("multi_user").isBoolean()).isTrue();
        assertThat(v2.get("multi_user").asBoolean()).isFalse();
        assertThat(v2.get("pipeline_store").asText()).isEqualTo("database");
        assertThat(v2.get("tag_name").asText()).as("the server's version from build-info").startsWith("0.");
        assertThat(v2.get("commit_sha").asText()).isNotEmpty();
        JsonNode v1 = JSON.readTree(get("/apis/v1beta1/healthz").getBody());
        assertThat(v1.get("multi_user").asBoolean()).isFalse();
        assertThat(v1.has("pipeline_store")).as("KFP's v1beta1 healthz has no pipeline_store").isFalse();
        assertThat(v1.get("tag_name").asText()).isEqualTo(v2.get("tag_name").asText());
    }

    @Test
    void unknownRoutesAndWrongMethodsAnswerInKfpsErrorShape() throws Exception {
        ResponseEntity<String> unknown = get("/apis/v2beta1/nothing-here");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(JSON.readTree(unknown.getBody()).get("code").asInt()).isEqualTo(5);
        assertThat(JSON.readTree(unknown.getBody()).get("message").asText()).contains("/apis/v2beta1/nothing-here");
        assertThat(JSON.readTree(unknown.getBody()).has("timestamp")).isFalse();

        ResponseEntity<String> pipelines = get("/apis/v2beta1/pipelines/p-1/versions/v-1");
        assertThat(pipelines.getStatusCode()).as("no runstore.kfp.api-url").isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(JSON.readTree(pipelines.getBody()).get("message").asText()).contains("runstore.kfp.api-url");

        ResponseEntity<String> wrongMethod = http.exchange("/apis/v2beta1/healthz", org.springframework.http.HttpMethod.PUT,
                new HttpEntity<>("{}", jsonHeaders()), String.class);
        assertThat(wrongMethod.getStatusCode().value()).as("KFP: UNIMPLEMENTED").isEqualTo(501);
        JsonNode body = JSON.readTree(wrongMethod.getBody());
        assertThat(body.get("code").asInt()).isEqualTo(12);
        assertThat(body.get("error").asText()).isEqualTo(body.get("message").asText());
        assertThat(body.get("details").isArray()).isTrue();
    }

    @Test
    void missingDisplayNameIsRejectedAndWritesNothing() throws Exception {
        assertRejected("""
                {"pipeline_version_reference": {"pipeline_id": "p-1"}}""", "display_name");
    }

    @Test
    void malformedJsonIsRejectedAndWritesNothing() throws Exception {
        assertRejected("{\"display_name\": \"x\", ", "malformed JSON");
    }

    @Test
    void unknownEnumValueIsRejectedAndWritesNothing() throws Exception {
        assertRejected("""
                {"display_name": "x", "pipeline_version_reference": {"pipeline_id": "p-1"}, "state": "FLYING"}""",
                "state");
    }

    @Test
    void wrongTypesAreRejectedAndWriteNothing() throws Exception {
        assertRejected("""
                {"display_name": 42, "pipeline_version_reference": {"pipeline_id": "p-1"}}""", "display_name");
        assertRejected("""
                {"display_name": "x", "pipeline_spec": "not an object"}""", "pipeline_spec");
        assertRejected("""
                {"display_name": "x", "pipeline_version_reference": {"pipeline_id": "p-1"},
                 "runtime_config": {"pipeline_root": true}}""", "runtime_config.pipeline_root");
        assertRejected("""
                {"display_name": "x", "pipeline_version_reference": ["p-1"]}""", "pipeline_version_reference");
    }

    private void assertRejected(String body, String named) throws Exception {
        long eventsBefore = eventCount();
        ResponseEntity<String> response = post(body);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode error = JSON.readTree(response.getBody());
        assertThat(error.get("message").asText()).contains(named);
        assertThat(error.get("code").asInt()).isEqualTo(3);
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    private long eventCount() {
        try (var events = storageEngine.readEvents(null, false)) {
            return events.count();
        }
    }

    private static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    private ResponseEntity<String> post(String body) {
        HttpHeaders headers = jsonHeaders();
        return http.postForEntity("/apis/v2beta1/runs", new HttpEntity<>(body, headers), String.class);
    }

    private ResponseEntity<String> get(String path) {
        return http.getForEntity(path, String.class);
    }
}
