package io.runstore.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query API over HTTP in single-user mode (as KFP standalone: no authentication, namespaces ignored): answers
 * validate against KFP's swagger, bad input is a 400 that says what is wrong, read-your-writes. Once per database.
 */
public abstract class QueryApiTest extends QueryApiTestBase {

    @BeforeEach
    void insertFixtures() {
        fixtures().clear();
        List<FixtureRun> runs = new ArrayList<>();
        runs.add(run("r-1", "ns-a", "exp-1", "SUCCEEDED", T0));
        runs.add(run("r-2", "ns-a", "exp-1", "FAILED", T0 + 1_000_000));
        runs.add(run("r-3", "ns-b", "exp-3", "RUNNING", T0 + 2_000_000));
        fixtures().insertRuns(runs);
        fixtures().insertTasks(List.of(
                task("r-1", "t-1", "ns-a", "SUCCEEDED", "fp-1", T0 + 10),
                task("r-1", "t-2", "ns-a", "CACHED", "fp-1", T0 + 20),
                task("r-1", "t-3", "ns-a", "FAILED", "fp-1", T0 + 30),
                task("r-2", "t-4", "ns-a", "SUCCEEDED", "fp-1", T0 + 5),
                task("r-3", "t-5", "ns-b", "SUCCEEDED", "fp-1", T0 + 40)));
    }

    @Test
    void listRunsAnswersValidateAgainstKfpSwagger() throws Exception {
        for (String view : List.of("DEFAULT", "FULL")) {
            ResponseEntity<String> list = get("/apis/v2beta1/runs", params("page_size", "2", "view", view));
            assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(SwaggerSchemas.validate("v2beta1ListRunsResponse", list.getBody())).isEmpty();
            assertThat(json(list).get("total_size").asInt()).isEqualTo(3);
            assertThat(json(list).get("next_page_token").asText()).isNotEmpty();
        }
        JsonNode full = json(get("/apis/v2beta1/runs", params("view", "FULL", "sort_by", "run_id")));
        assertThat(full.at("/runs/0/tasks").findValuesAsText("task_id")).containsExactly("t-1", "t-2", "t-3");
        JsonNode lean = json(get("/apis/v2beta1/runs", params("sort_by", "run_id")));
        assertThat(lean.at("/runs/0/tasks").isMissingNode()).isTrue();
        assertThat(lean.at("/runs/0/pipeline_spec").isMissingNode()).isTrue();
        assertThat(lean.at("/runs/1/error/message").asText()).isEqualTo("step failed");
        assertThat(lean.at("/runs/0/scheduled_at").isMissingNode()).as("0 renders as absent").isTrue();
    }

    @Test
    void getRunListTasksGetTaskAndFindCachedValidateAgainstKfpSwagger() throws Exception {
        ResponseEntity<String> run = get("/apis/v2beta1/runs/r-1", params("view", "FULL"));
        assertThat(SwaggerSchemas.validate("v2beta1Run", run.getBody())).isEmpty();
        assertThat(json(run).at("/pipeline_spec/pipelineInfo/name").asText()).isEqualTo("p");
        assertThat(json(run).at("/runtime_config/pipeline_root").asText()).isEqualTo("s3://b");
        assertThat(json(run).get("tasks").size()).isEqualTo(3);

        ResponseEntity<String> tasks = get("/apis/v2beta1/runs/r-1/tasks", params("page_size", "2"));
        assertThat(SwaggerSchemas.validate("v2beta1ListTasksResponse", tasks.getBody())).isEmpty();
        assertThat(json(tasks).get("total_size").asInt()).isEqualTo(3);

        ResponseEntity<String> task = get("/apis/v2beta1/runs/r-1/tasks/t-2");
        assertThat(SwaggerSchemas.validate("v2beta1PipelineTask", task.getBody())).isEmpty();
        assertThat(json(task).get("state").asText()).isEqualTo("CACHED");

        ResponseEntity<String> cached = post("/apis/v2beta1/tasks:findCached",
                "{\"namespace\": \"ns-a\", \"cache_fingerprint\": \"fp-1\"}", new HttpHeaders());
        assertThat(SwaggerSchemas.validate("v2beta1FindCachedTaskResponse", cached.getBody())).isEmpty();
        assertThat(json(cached).at("/task/task_id").asText()).as("newest SUCCEEDED or CACHED in ns-a").isEqualTo("t-2");
        ResponseEntity<String> none = post("/apis/v2beta1/tasks:findCached",
                "{\"namespace\": \"ns-a\", \"cache_fingerprint\": \"fp-9\"}", new HttpHeaders());
        assertThat(none.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json(none).has("task")).isFalse();
    }

    @Test
    void singleUserModeIgnoresTheNamespace() throws Exception {
        assertThat(runIds(get("/apis/v2beta1/runs", params("namespace", "ns-b", "sort_by", "run_id"))))
                .containsExactly("r-1", "r-2", "r-3");
        assertThat(runIds(get("/apis/v2beta1/runs", params("experiment_id", "exp-1", "sort_by", "run_id desc"))))
                .containsExactly("r-2", "r-1");
    }

    @Test
    void unknownRunOrTaskIsNotFound() {
        assertThat(get("/apis/v2beta1/runs/nope").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/apis/v2beta1/runs/nope/tasks").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/apis/v2beta1/runs/r-1/tasks/nope").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void pageSizeZeroMeansTwentyAndAboveTwoHundredMeansTwoHundred() throws Exception {
        List<FixtureRun> many = new ArrayList<>();
        for (int i = 0; i < 205; i++) {
            many.add(run(String.format("m-%03d", i), "ns-c", "exp-9", "SUCCEEDED", T0 + i));
        }
        fixtures().insertRuns(many);
        assertThat(runIds(get("/apis/v2beta1/runs", params("experiment_id", "exp-9")))).hasSize(20);
        assertThat(runIds(get("/apis/v2beta1/runs", params("experiment_id", "exp-9", "page_size", "0")))).hasSize(20);
        assertThat(runIds(get("/apis/v2beta1/runs", params("experiment_id", "exp-9", "page_size", "5000")))).hasSize(200);
    }

    @Test
    void badInputIsRefusedWithAMessageSayingWhatIsWrong() throws Exception {
        assertRefused(params("filter", "{\"predicates\":[{\"key\":\"colour\",\"operation\":\"EQUALS\",\"string_value\":\"x\"}]}"),
                "unknown key 'colour'");
        assertRefused(params("filter", "{\"predicates\":[{\"key\":\"display_name\",\"operation\":\"EQUALS\",\"int_value\":3}]}"),
                "takes a string value, not int_value");
        assertRefused(params("filter", "{\"predicates\":[{\"key\":\"created_at\",\"operation\":\"EQUALS\",\"string_value\":\"x\"}]}"),
                "is a timestamp");
        assertRefused(params("filter", "{\"predicates\":[{\"key\":\"created_at\",\"operation\":\"LESS_THAN\",\"timestamp_value\":\"yesterday\"}]}"),
                "not an RFC 3339 timestamp");
        assertRefused(params("filter", "{\"predicates\":[{\"key\":\"state\",\"operation\":\"IN\",\"string_value\":\"RUNNING\"}]}"),
                "IN needs an array value");
        assertRefused(params("filter", "{\"predicates\":[{\"key\":\"state\",\"operation\":\"EQUALS\",\"string_values\":{\"values\":[\"A\"]}}]}"),
                "EQUALS takes a single value");
        assertRefused(params("filter", "{\"predicates\":[{\"key\":\"created_at\",\"operation\":\"IS_SUBSTRING\",\"long_value\":\"3\"}]}"),
                "IS_SUBSTRING needs a string_value");
        assertRefused(params("filter", "{\"predicates\":[{\"key\":\"state\",\"operation\":\"LIKE\",\"string_value\":\"R\"}]}"),
                "unknown operation 'LIKE'");
        assertRefused(params("filter", "{\"predicates\":[{\"key\":\"state\",\"operation\":\"EQUALS\"}]}"),
                "a value is required");
        assertRefused(params("filter", "{\"predicates\": [{\"key\": \"state\""), "filter: malformed JSON");
        assertRefused(params("sort_by", "colour desc"), "sort_by: unknown key 'colour'");
        assertRefused(params("sort_by", "created_at sideways"), "unknown direction 'sideways'");
        assertRefused(params("sort_by", "metric:9bad"), "not a valid metric name");
        assertRefused(params("page_size", "-1"), "page_size must not be negative");
        assertRefused(params("page_size", "many"), "page_size");
        assertRefused(params("view", "HUGE"), "view: unknown value 'HUGE'");
        assertRefused(params("page_token", "not-a-token"), "page_token is");
    }

    @Test
    void filterEncodedTwiceAsKfpsUiSendsItIsDecodedOnceMoreOnEveryList() throws Exception {
        String filter = "{\"predicates\":[{\"key\":\"state\",\"operation\":\"EQUALS\",\"string_value\":\"FAILED\"}]}";
        String asTheUiEncodesIt = java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(runIds(get("/apis/v2beta1/runs", params("filter", asTheUiEncodesIt)))).containsExactly("r-2");

        String taskFilter = "{\"predicates\":[{\"key\":\"state\",\"operation\":\"EQUALS\",\"string_value\":\"CACHED\"}]}";
        JsonNode tasks = json(get("/apis/v2beta1/runs/r-1/tasks", params("filter",
                java.net.URLEncoder.encode(taskFilter, java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(tasks.findValuesAsText("task_id")).containsExactly("t-2");
    }

    @Test
    void filterEncodedOnceKeepsItsPercentAndPlusSigns() throws Exception {
        fixtures().insertRuns(List.of(new FixtureRun("r-9", "ns-a", "exp-9", "a+b 100%", "", "RUNNING", "AVAILABLE",
                T0 + 9_000_000, 0, 0, "", "p-1", java.util.Map.of())));
        for (String part : List.of("a+b", "100%", "+b 1")) {
            String filter = "{\"predicates\":[{\"key\":\"display_name\",\"operation\":\"IS_SUBSTRING\","
                    + "\"string_value\":\"" + part + "\"}]}";
            assertThat(runIds(get("/apis/v2beta1/runs", params("filter", filter)))).as(part).containsExactly("r-9");
        }
        assertRefused(params("filter", "%7B%2"), "malformed escape");
    }

    @Test
    void inWithAnEmptyListMatchesNothing() throws Exception {
        for (String key : List.of("state", "storage_state", "created_at")) {
            String values = key.equals("created_at") ? "long_values" : "string_values";
            ResponseEntity<String> none = get("/apis/v2beta1/runs", params("filter",
                    "{\"predicates\":[{\"key\":\"" + key + "\",\"operation\":\"IN\",\"" + values + "\":{\"values\":[]}}]}"));
            assertThat(none.getStatusCode()).as(key).isEqualTo(HttpStatus.OK);
            assertThat(runIds(none)).as(key).isEmpty();
        }
    }

    @Test
    void nameFiltersAndTheNameSortIgnoreCaseAsOnKfpsMySql() throws Exception {
        List<FixtureRun> runs = new ArrayList<>();
        String[][] names = {{"c-1", "Train model", "AVAILABLE"}, {"c-2", "TRAIN MODEL", "ARCHIVED"},
                {"c-3", "train model", "AVAILABLE"}, {"c-4", "apple", "ARCHIVED"}, {"c-5", "Banana", "AVAILABLE"},
                {"c-6", "zebra", "AVAILABLE"}, {"c-7", "train MODEL", "ARCHIVED"}};
        for (int i = 0; i < names.length; i++) {
            runs.add(new FixtureRun(names[i][0], "ns-c", "exp-c", names[i][1], "", "SUCCEEDED", names[i][2],
                    T0 + i * 1_000_000L, 0, 0, "", "p-1", java.util.Map.of()));
        }
        fixtures().insertRuns(runs);

        assertThat(filtered("display_name", "EQUALS", "\"string_value\": \"TRAIN model\""))
                .containsExactly("c-1", "c-2", "c-3", "c-7");
        assertThat(filtered("display_name", "NOT_EQUALS", "\"string_value\": \"Train Model\""))
                .containsExactly("c-4", "c-5", "c-6");
        assertThat(filtered("display_name", "IS_SUBSTRING", "\"string_value\": \"AIN Mo\""))
                .containsExactly("c-1", "c-2", "c-3", "c-7");
        assertThat(filtered("display_name", "IN", "\"string_values\": {\"values\": [\"BANANA\", \"Apple\"]}"))
                .containsExactly("c-4", "c-5");
        assertThat(filtered("name", "EQUALS", "\"string_value\": \"ZEBRA\"")).containsExactly("c-6");
        assertThat(filtered("display_name", "GREATER_THAN", "\"string_value\": \"BANANA\""))
                .containsExactly("c-1", "c-2", "c-3", "c-6", "c-7");

        // both storage states (two scans merged) and the ties of names that differ only by case split across pages
        List<String> ascending = List.of("c-4", "c-5", "c-1", "c-2", "c-3", "c-7", "c-6");
        List<String> descending = List.of("c-6", "c-7", "c-3", "c-2", "c-1", "c-5", "c-4");
        for (int pageSize = 1; pageSize <= 3; pageSize++) {
            assertThat(everyPage("display_name", pageSize, null)).as("page_size " + pageSize).isEqualTo(ascending);
            assertThat(everyPage("display_name desc", pageSize, null)).as("page_size " + pageSize)
                    .isEqualTo(descending);
            assertThat(everyPage("display_name", pageSize, "{\"predicates\": [{\"key\": \"storage_state\", "
                    + "\"operation\": \"NOT_EQUALS\", \"string_value\": \"ARCHIVED\"}]}"))
                    .as("Active tab, page_size " + pageSize).containsExactly("c-5", "c-1", "c-3", "c-6");
        }
    }

    @Test
    void taskNameFiltersAndTheNameSortIgnoreCaseAsKfpsLowerComparison() throws Exception {
        String[][] names = {{"k-1", "train-model", "Train Model"}, {"k-2", "TRAIN-MODEL", "TRAIN MODEL"},
                {"k-3", "evaluate", "apple"}, {"k-4", "Export", "Banana"}, {"k-5", "train-model", "train model"}};
        fixtures().insertRuns(List.of(run("r-c", "ns-a", "exp-t", "SUCCEEDED", T0)));
        List<FixtureTask> tasks = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            tasks.add(new FixtureTask("r-c", names[i][0], "ns-a", names[i][1], names[i][2], "root", "RUNTIME",
                    "SUCCEEDED", "", T0 + i * 1_000_000L, 0));
        }
        fixtures().insertTasks(tasks);

        assertThat(filteredTasks("display_name", "EQUALS", "\"string_value\": \"tRAIN mODEL\""))
                .containsExactly("k-1", "k-2", "k-5");
        assertThat(filteredTasks("display_name", "NOT_EQUALS", "\"string_value\": \"Train Model\""))
                .containsExactly("k-3", "k-4");
        assertThat(filteredTasks("display_name", "IS_SUBSTRING", "\"string_value\": \"AIN Mo\""))
                .containsExactly("k-1", "k-2", "k-5");
        assertThat(filteredTasks("display_name", "IN", "\"string_values\": {\"values\": [\"BANANA\", \"Apple\"]}"))
                .containsExactly("k-3", "k-4");
        assertThat(filteredTasks("name", "EQUALS", "\"string_value\": \"Train-Model\""))
                .containsExactly("k-1", "k-2", "k-5");
        assertThat(filteredTasks("name", "IS_SUBSTRING", "\"string_value\": \"EXP\"")).containsExactly("k-4");

        // ties of names that differ only by case, split across pages, in task_id order
        for (int pageSize = 1; pageSize <= 3; pageSize++) {
            assertThat(everyTaskPage("display_name", pageSize)).as("page_size " + pageSize)
                    .containsExactly("k-3", "k-4", "k-1", "k-2", "k-5");
            assertThat(everyTaskPage("display_name desc", pageSize)).as("page_size " + pageSize)
                    .containsExactly("k-5", "k-2", "k-1", "k-4", "k-3");
        }
    }

    private List<String> filteredTasks(String key, String operation, String value) throws Exception {
        return json(get("/apis/v2beta1/runs/r-c/tasks", params("order_by", "create_time", "filter",
                "{\"predicates\": [{\"key\": \"" + key + "\", \"operation\": \"" + operation + "\", " + value
                        + "}]}"))).path("tasks").findValuesAsText("task_id");
    }

    /** Every task of run r-c in the given order, page after page. */
    private List<String> everyTaskPage(String orderBy, int pageSize) throws Exception {
        List<String> ids = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = json(get("/apis/v2beta1/runs/r-c/tasks", params("order_by", orderBy,
                    "page_size", Integer.toString(pageSize), "page_token", token)));
            page.path("tasks").forEach(task -> ids.add(task.get("task_id").asText()));
            token = page.path("next_page_token").asText();
        } while (!token.isEmpty());
        return ids;
    }

    private List<String> filtered(String key, String operation, String value) throws Exception {
        return runIds(get("/apis/v2beta1/runs", params("experiment_id", "exp-c", "filter",
                "{\"predicates\": [{\"key\": \"" + key + "\", \"operation\": \"" + operation + "\", " + value
                        + "}]}")));
    }

    /** Every run of exp-c in the given sort, page after page. */
    private List<String> everyPage(String sort, int pageSize, String filter) throws Exception {
        List<String> ids = new ArrayList<>();
        String token = "";
        do {
            java.util.Map<String, String> query = new java.util.HashMap<>(params("experiment_id", "exp-c",
                    "sort_by", sort, "page_size", Integer.toString(pageSize), "page_token", token));
            if (filter != null) {
                query.put("filter", filter);
            }
            JsonNode page = json(get("/apis/v2beta1/runs", query));
            page.path("runs").forEach(run -> ids.add(run.get("run_id").asText()));
            token = page.path("next_page_token").asText();
        } while (!token.isEmpty());
        return ids;
    }

    @Test
    void sortKeysAreLowerCasedAndTheV1KeyStatusIsTheState() throws Exception {
        assertThat(runIds(get("/apis/v2beta1/runs", params("sort_by", "Created_At DESC"))))
                .containsExactly("r-3", "r-2", "r-1");
        assertThat(runIds(get("/apis/v2beta1/runs", params("sort_by", "RUN_ID")))).containsExactly("r-1", "r-2", "r-3");
        assertThat(runIds(get("/apis/v2beta1/runs", params("sort_by", "status desc"))))
                .containsExactly("r-1", "r-3", "r-2");
        assertThat(runIds(get("/apis/v2beta1/runs", params("filter",
                "{\"predicates\":[{\"key\":\"status\",\"operation\":\"EQUALS\",\"string_value\":\"RUNNING\"}]}"))))
                .containsExactly("r-3");
    }

    @Test
    void tamperedOrMismatchedPageTokensAreRefused() throws Exception {
        String filter = "{\"predicates\":[{\"key\":\"state\",\"operation\":\"NOT_EQUALS\",\"string_value\":\"X\"}]}";
        String token = json(get("/apis/v2beta1/runs", params("page_size", "1", "filter", filter, "sort_by",
                "created_at desc", "experiment_id", "exp-1"))).get("next_page_token").asText();

        String[] parts = token.split("\\.");
        byte[] payload = java.util.Base64.getUrlDecoder().decode(parts[0]);
        String altered = new String(payload, java.nio.charset.StandardCharsets.UTF_8).replace("r-2", "r-9");
        String tampered = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(altered.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[1];
        assertRefused(params("page_token", tampered, "experiment_id", "exp-1"), "page_token is invalid");
        assertRefused(params("page_token", token, "experiment_id", "exp-2"), "page_token was made for another scope");
        assertRefused(params("page_token", token, "experiment_id", "exp-1", "sort_by", "created_at"),
                "differs from the sort the page_token was made for");
        assertRefused(params("page_token", token, "experiment_id", "exp-1", "filter",
                "{\"predicates\":[{\"key\":\"state\",\"operation\":\"NOT_EQUALS\",\"string_value\":\"Y\"}]}"),
                "filter differs from the filter the page_token was made for");

        ResponseEntity<String> next = get("/apis/v2beta1/runs", params("page_token", token, "experiment_id", "exp-1",
                "filter", "{ \"predicates\" : [ {\"operation\":\"NOT_EQUALS\", \"key\":\"state\",\"string_value\":\"X\"} ] }"));
        assertThat(next.getStatusCode()).as("the same filter written differently").isEqualTo(HttpStatus.OK);
        assertThat(runIds(next)).containsExactly("r-1");
        assertThat(runIds(get("/apis/v2beta1/runs", params("page_token", token, "experiment_id", "exp-1"))))
                .as("filter and sort taken from the token").containsExactly("r-1");
    }

    @Test
    void aReadWaitsForTheConsistencyTokenItCarries() throws Exception {
        fixtures().setVersion("r-1", 3);
        assertThat(get("/apis/v2beta1/runs/r-1", params(), consistency("r-1:3")).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("/apis/v2beta1/runs", params(), consistency("r-1:2")).getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<String> notYet = get("/apis/v2beta1/runs/r-1", params(), consistency("r-1:4"));
        assertThat(notYet.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(notYet.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(json(notYet).get("message").asText()).contains("r-1:4 is not visible yet").contains("retry");
        assertThat(json(notYet).get("code").asInt()).isEqualTo(14);

        fixtures().tombstone("r-gone", 7);
        assertThat(get("/apis/v2beta1/runs/r-gone", params(), consistency("r-gone:7")).getStatusCode())
                .as("a delete that was applied").isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> malformed = get("/apis/v2beta1/runs", params(), consistency("r-1"));
        assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(malformed).get("message").asText()).contains("Runstore-Consistency-Token");
    }

    private static HttpHeaders consistency(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Runstore-Consistency-Token", token);
        return headers;
    }

    private void assertRefused(java.util.Map<String, String> query, String message) throws Exception {
        ResponseEntity<String> response = get("/apis/v2beta1/runs", query);
        assertThat(response.getStatusCode()).as(query.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode error = json(response);
        assertThat(error.get("message").asText()).as(query.toString()).contains(message);
        assertThat(error.get("code").asInt()).isEqualTo(3);
        assertThat(SwaggerSchemas.validate("googleRpcStatus", JSON.createObjectNode()
                .put("code", error.get("code").asInt()).put("message", error.get("message").asText()).toString())).isEmpty();
    }
}
