package io.runstore.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query API behind the real command API and projector (single-user mode): a read carrying the consistency token
 * of a write sees that write (created, a task, archived, deleted), and a run's history lists the events its commands
 * produced. Once per database.
 */
abstract class QueryEndToEndTest extends QueryEndToEndTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "Runstore-Consistency-Token";

    static void useDatabase(DynamicPropertyRegistry registry, DatabaseKind kind) {
        TestDatabase database = TestDatabases.create(kind);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @Test
    void aReadWithTheCreatesConsistencyTokenSeesTheRun() throws Exception {
        String experiment = experiment("exp-ryw");
        for (int i = 0; i < 5; i++) {
            ResponseEntity<String> created = createRun("read-your-writes " + i, experiment);
            String runId = JSON.readTree(created.getBody()).get("run_id").asText();
            String token = created.getHeaders().getFirst(TOKEN);

            ResponseEntity<String> run = get("/apis/v2beta1/runs/" + runId, token);
            assertThat(run.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(JSON.readTree(run.getBody()).get("display_name").asText()).isEqualTo("read-your-writes " + i);

            JsonNode list = JSON.readTree(get("/apis/v2beta1/runs?experiment_id=" + experiment + "&sort_by=created_at+desc",
                    token).getBody());
            assertThat(list.at("/runs/0/run_id").asText()).isEqualTo(runId);
            assertThat(list.get("total_size").asInt()).isEqualTo(i + 1);
        }
    }

    @Test
    void aClientWithoutATokenReadsItsOwnWritesCreateArchiveDelete() throws Exception {
        String experiment = experiment("exp-no-token");
        for (int i = 0; i < 10; i++) {
            ResponseEntity<String> created = createRun("no token " + i, experiment);
            String runId = JSON.readTree(created.getBody()).get("run_id").asText();
            ResponseEntity<String> run = get("/apis/v2beta1/runs/" + runId, null);
            assertThat(run.getStatusCode()).as("GetRun right after CreateRun").isEqualTo(HttpStatus.OK);

            http.postForEntity("/apis/v2beta1/runs/" + runId + ":archive", new HttpEntity<>("", jsonHeaders()),
                    String.class);
            assertThat(JSON.readTree(get("/apis/v2beta1/runs/" + runId, null).getBody()).get("storage_state").asText())
                    .as("GetRun right after archive").isEqualTo("ARCHIVED");

            http.exchange("/apis/v2beta1/runs/" + runId, HttpMethod.DELETE, new HttpEntity<>(jsonHeaders()),
                    String.class);
            assertThat(get("/apis/v2beta1/runs/" + runId, null).getStatusCode()).as("GetRun right after delete")
                    .isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    @Test
    void getRunWaitsForARunTheLogHasButTheProjectionNotYet() throws Exception {
        HttpHeaders noWait = jsonHeaders();
        noWait.set("Runstore-Consistency", "token");
        for (int i = 0; i < 10; i++) {
            ResponseEntity<String> created = http.postForEntity("/apis/v2beta1/runs", new HttpEntity<>("""
                    {"display_name": "unprojected", "pipeline_version_reference": {"pipeline_id": "p-1"}}""", noWait),
                    String.class);
            String runId = JSON.readTree(created.getBody()).get("run_id").asText();
            assertThat(get("/apis/v2beta1/runs/" + runId, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void experimentsAreCreatedListedArchivedWithTheirRunsUnarchivedAndDeleted() throws Exception {
        String prefix = "e2e-" + System.nanoTime() + "-";
        String first = experiment(prefix + "a");
        String second = experiment(prefix + "b");
        experiment(prefix + "c");
        JsonNode got = JSON.readTree(get("/apis/v2beta1/experiments/" + first, null).getBody());
        assertThat(got.get("display_name").asText()).isEqualTo(prefix + "a");
        assertThat(got.get("namespace").asText()).isEqualTo("ns-e2e");
        assertThat(got.get("storage_state").asText()).isEqualTo("AVAILABLE");
        assertThat(got.get("created_at").asText()).endsWith("Z");

        String filter = "{\"predicates\": [{\"key\": \"display_name\", \"operation\": \"IS_SUBSTRING\", "
                + "\"string_value\": \"" + prefix + "\"}]}";
        JsonNode page = JSON.readTree(http.getForEntity("/apis/v2beta1/experiments?filter={f}&sort_by={s}&page_size=2",
                String.class, filter, "display_name desc").getBody());
        assertThat(page.get("total_size").asInt()).isEqualTo(3);
        assertThat(page.at("/experiments/0/display_name").asText()).isEqualTo(prefix + "c");
        assertThat(page.at("/experiments/1/display_name").asText()).isEqualTo(prefix + "b");
        JsonNode rest = JSON.readTree(http.getForEntity("/apis/v2beta1/experiments?page_token={t}", String.class,
                page.get("next_page_token").asText()).getBody());
        assertThat(rest.at("/experiments/0/experiment_id").asText()).isEqualTo(first);
        assertThat(rest.has("next_page_token")).isFalse();

        String runId = JSON.readTree(createRun("in experiment", second).getBody()).get("run_id").asText();
        assertThat(http.postForEntity("/apis/v2beta1/experiments/" + second + ":archive",
                new HttpEntity<>("", jsonHeaders()), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(JSON.readTree(get("/apis/v2beta1/experiments/" + second, null).getBody()).get("storage_state")
                .asText()).isEqualTo("ARCHIVED");
        assertThat(JSON.readTree(get("/apis/v2beta1/runs/" + runId, null).getBody()).get("storage_state").asText())
                .as("archiving an experiment archives its runs").isEqualTo("ARCHIVED");
        http.postForEntity("/apis/v2beta1/experiments/" + second + ":unarchive", new HttpEntity<>("", jsonHeaders()),
                String.class);
        assertThat(JSON.readTree(get("/apis/v2beta1/experiments/" + second, null).getBody()).get("storage_state")
                .asText()).isEqualTo("AVAILABLE");

        http.exchange("/apis/v2beta1/experiments/" + first, HttpMethod.DELETE, new HttpEntity<>(jsonHeaders()),
                String.class);
        assertThat(get("/apis/v2beta1/experiments/" + first, null).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.postForEntity("/apis/v2beta1/experiments/" + first + ":archive",
                new HttpEntity<>("", jsonHeaders()), String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void experimentNamesCompareCaseInsensitivelyAsOnKfpsMySql() throws Exception {
        String prefix = "ci-" + System.nanoTime() + "-";
        String mixed = experiment(prefix + "Mixed");
        String lower = experiment(prefix + "mixed");
        String apple = experiment(prefix + "apple");
        String upper = experiment(prefix + "MIXED");
        String equals = "{\"predicates\": [{\"key\": \"display_name\", \"operation\": \"EQUALS\", "
                + "\"string_value\": \"" + prefix.toUpperCase() + "mIxEd\"}]}";
        JsonNode found = JSON.readTree(http.getForEntity("/apis/v2beta1/experiments?namespace=ns-e2e&filter={f}",
                String.class, equals).getBody());
        assertThat(found.findValuesAsText("experiment_id")).containsExactlyInAnyOrder(mixed, lower, upper);

        // sorted by name, the names that differ only by case are ties in experiment_id order, paged one at a time
        String substring = "{\"predicates\": [{\"key\": \"display_name\", \"operation\": \"IS_SUBSTRING\", "
                + "\"string_value\": \"" + prefix.toUpperCase() + "\"}]}";
        List<String> ties = new ArrayList<>(List.of(mixed, lower, upper));
        java.util.Collections.sort(ties);
        List<String> expected = new ArrayList<>(List.of(apple));
        expected.addAll(ties);
        List<String> listed = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = JSON.readTree(http.getForEntity("/apis/v2beta1/experiments?namespace=ns-e2e&filter={f}"
                    + "&sort_by=display_name&page_size=1&page_token={t}", String.class, substring, token).getBody());
            listed.addAll(page.findValuesAsText("experiment_id"));
            token = page.path("next_page_token").asText();
        } while (!token.isEmpty());
        assertThat(listed).isEqualTo(expected);
    }

    @Test
    void aRunGoesToItsExperimentsNamespaceOrTheNamespacesDefaultExperiment() throws Exception {
        ResponseEntity<String> unknown = createRun("nowhere", "no-such-experiment");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(JSON.readTree(unknown.getBody()).get("message").asText()).contains("experiment no-such-experiment");

        ResponseEntity<String> created = http.postForEntity("/apis/v2beta1/runs?namespace=ns-default", new HttpEntity<>("""
                {"display_name": "no experiment", "pipeline_version_reference": {"pipeline_id": "p-1"}}""",
                jsonHeaders()), String.class);
        String experimentId = JSON.readTree(created.getBody()).get("experiment_id").asText();
        assertThat(experimentId).isNotBlank();
        JsonNode defaultExperiment = JSON.readTree(get("/apis/v2beta1/experiments/" + experimentId, null).getBody());
        assertThat(defaultExperiment.get("display_name").asText()).isEqualTo("Default");
        assertThat(defaultExperiment.get("namespace").asText()).isEqualTo("ns-default");
        ResponseEntity<String> again = http.postForEntity("/apis/v2beta1/runs?namespace=ns-default", new HttpEntity<>("""
                {"display_name": "no experiment again", "pipeline_version_reference": {"pipeline_id": "p-1"}}""",
                jsonHeaders()), String.class);
        assertThat(JSON.readTree(again.getBody()).get("experiment_id").asText()).isEqualTo(experimentId);

        String other = experiment("elsewhere");
        ResponseEntity<String> mismatch = http.postForEntity("/apis/v2beta1/runs?namespace=ns-other", new HttpEntity<>("""
                {"display_name": "x", "experiment_id": "%s", "pipeline_version_reference": {"pipeline_id": "p-1"}}"""
                .formatted(other), jsonHeaders()), String.class);
        assertThat(mismatch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aTokenAheadOfTheProjectionIsARetryableRefusal() throws Exception {
        ResponseEntity<String> created = createRun("ahead", experiment("exp-ahead"));
        String runId = JSON.readTree(created.getBody()).get("run_id").asText();
        ResponseEntity<String> ahead = get("/apis/v2beta1/runs/" + runId, runId + ":99");
        assertThat(ahead.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(ahead.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(JSON.readTree(ahead.getBody()).get("message").asText()).contains("not visible yet");
    }

    @Test
    void theEventsOfARunSayWhatChangedWhenAndByWhichCommand() throws Exception {
        String experiment = experiment("exp-history");
        ResponseEntity<String> created = createRun("history", experiment);
        String runId = JSON.readTree(created.getBody()).get("run_id").asText();
        ResponseEntity<String> archived = http.postForEntity("/apis/v2beta1/runs/" + runId + ":archive",
                new HttpEntity<>("", jsonHeaders()), String.class);
        assertThat(archived.getStatusCode()).isEqualTo(HttpStatus.OK);

        JsonNode events = JSON.readTree(get("/apis/v2beta1/runs/" + runId + "/events", null).getBody()).get("events");
        List<String> types = new ArrayList<>();
        events.forEach(event -> types.add(event.get("type").asText()));
        assertThat(types).containsExactly("RunCreated", "RunArchived");
        assertThat(events.get(0).get("sequence").asLong()).isZero();
        assertThat(events.get(1).get("sequence").asLong()).isEqualTo(1);
        assertThat(events.get(0).at("/payload/display_name").asText()).isEqualTo("history");
        assertThat(events.get(0).at("/payload/experiment_id").asText()).isEqualTo(experiment);
        assertThat(events.get(0).at("/payload/pipeline_version_reference/pipeline_id").asText()).isNotBlank();
        assertThat(events.get(0).at("/payload/displayName").isMissingNode()).as("the public shape is snake_case")
                .isTrue();
        assertThat(events.get(0).get("revision").asText()).isEqualTo("1");
        assertThat(events.get(1).at("/payload/run_id").asText()).isEqualTo(runId);
        assertThat(events.get(1).get("position").asLong()).isGreaterThan(events.get(0).get("position").asLong());
        assertThat(events.get(1).get("command_id").asText()).isNotBlank();
        assertThat(events.get(1).get("occurred_at").asText()).endsWith("Z");

        JsonNode firstPage = JSON.readTree(get("/apis/v2beta1/runs/" + runId + "/events?page_size=1", null).getBody());
        assertThat(firstPage.get("events")).hasSize(1);
        JsonNode secondPage = JSON.readTree(get("/apis/v2beta1/runs/" + runId + "/events?page_size=1&page_token="
                + firstPage.get("next_page_token").asText(), null).getBody());
        assertThat(secondPage.at("/events/0/type").asText()).isEqualTo("RunArchived");
        assertThat(get("/apis/v2beta1/runs/nope/events", null).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void archiveTasksAndDeleteReachTheQueryApiThroughTheProjector() throws Exception {
        String experiment = experiment("exp-lifecycle");
        ResponseEntity<String> created = createRun("lifecycle", experiment);
        String runId = JSON.readTree(created.getBody()).get("run_id").asText();
        ResponseEntity<String> task = http.postForEntity("/apis/v2beta1/runs/" + runId + "/tasks", new HttpEntity<>(
                "{\"name\": \"train\", \"type\": \"RUNTIME\", \"state\": \"RUNNING\"}", jsonHeaders()),
                String.class);
        assertThat(task.getStatusCode()).as(task.getBody()).isEqualTo(HttpStatus.OK);
        String taskId = JSON.readTree(task.getBody()).get("task_id").asText();

        JsonNode tasks = JSON.readTree(get("/apis/v2beta1/runs/" + runId + "/tasks",
                task.getHeaders().getFirst(TOKEN)).getBody());
        assertThat(tasks.at("/tasks/0/task_id").asText()).isEqualTo(taskId);
        assertThat(tasks.at("/tasks/0/state").asText()).isEqualTo("RUNNING");

        ResponseEntity<String> archived = http.postForEntity("/apis/v2beta1/runs/" + runId + ":archive",
                new HttpEntity<>("", jsonHeaders()), String.class);
        assertThat(archived.getStatusCode()).as(archived.getBody()).isEqualTo(HttpStatus.OK);
        String archivedToken = archived.getHeaders().getFirst(TOKEN);
        JsonNode archivedList = archivedRuns(experiment, archivedToken);
        assertThat(archivedList.at("/runs/0/run_id").asText()).as(archivedList.toString()).isEqualTo(runId);
        assertThat(archivedList.at("/runs/0/storage_state").asText()).isEqualTo("ARCHIVED");
        assertThat(archivedList.get("total_size").asInt()).isEqualTo(1);

        ResponseEntity<String> deleted = http.exchange("/apis/v2beta1/runs/" + runId, HttpMethod.DELETE,
                new HttpEntity<>(jsonHeaders()), String.class);
        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.OK);
        String deletedToken = deleted.getHeaders().getFirst(TOKEN);
        assertThat(get("/apis/v2beta1/runs/" + runId, deletedToken).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        JsonNode afterDelete = archivedRuns(experiment, deletedToken);
        assertThat(afterDelete.path("runs")).isEmpty();
        assertThat(afterDelete.path("total_size").asInt()).isZero();
    }

    private JsonNode archivedRuns(String experimentId, String consistencyToken) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.set(TOKEN, consistencyToken);
        return JSON.readTree(http.exchange("/apis/v2beta1/runs?experiment_id={experiment}&filter={filter}",
                HttpMethod.GET, new HttpEntity<>(headers), String.class, experimentId,
                "{\"predicates\": [{\"key\": \"storage_state\", \"operation\": \"EQUALS\", "
                        + "\"string_value\": \"ARCHIVED\"}]}").getBody());
    }

    /** A new experiment in ns-e2e; its id. */
    String experiment(String name) throws Exception {
        ResponseEntity<String> created = http.postForEntity("/apis/v2beta1/experiments?namespace=ns-e2e",
                new HttpEntity<>("{\"display_name\": \"" + name + "\"}", jsonHeaders()), String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(created.getBody()).get("experiment_id").asText();
    }

    ResponseEntity<String> createRun(String name, String experimentId) {
        return http.postForEntity("/apis/v2beta1/runs?namespace=ns-e2e", new HttpEntity<>("""
                {"display_name": "%s", "experiment_id": "%s", "pipeline_version_reference": {"pipeline_id": "p-1"}}"""
                .formatted(name, experimentId), jsonHeaders()), String.class);
    }

    ResponseEntity<String> get(String path, String consistencyToken) {
        HttpHeaders headers = new HttpHeaders();
        if (consistencyToken != null) {
            headers.set(TOKEN, consistencyToken);
        }
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }
}
