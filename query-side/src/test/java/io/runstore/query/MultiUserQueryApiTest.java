package io.runstore.query;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-user mode: every request is authenticated (bearer token, or the auth proxy's user header) and every endpoint
 * reads only the caller's namespaces. alice reads ns-a, bob reads ns-b. Once per database.
 */
public abstract class MultiUserQueryApiTest extends QueryApiTestBase {

    private static final String RUNS = "/apis/v2beta1/runs";

    static void multiUser(DynamicPropertyRegistry registry) {
        registry.add("runstore.auth.mode", () -> "multi-user");
        registry.add("runstore.auth.user-header", () -> "kubeflow-userid");
        registry.add("runstore.auth.user-prefix", () -> "accounts.google.com:");
        registry.add("runstore.auth.principals[0].name", () -> "alice@example.com");
        registry.add("runstore.auth.principals[0].namespaces[0]", () -> "ns-a");
        registry.add("runstore.auth.principals[0].tokens[0]", () -> "alice-token");
        registry.add("runstore.auth.principals[1].name", () -> "bob@example.com");
        registry.add("runstore.auth.principals[1].namespaces[0]", () -> "ns-b");
        registry.add("runstore.auth.principals[1].tokens[0]", () -> "bob-token");
    }

    @BeforeEach
    void insertFixtures() {
        fixtures().clear();
        fixtures().insertRuns(List.of(
                run("a-1", "ns-a", "exp-1", "SUCCEEDED", T0),
                run("a-2", "ns-a", "exp-2", "RUNNING", T0 + 1),
                run("b-1", "ns-b", "exp-3", "SUCCEEDED", T0 + 2)));
        fixtures().insertTasks(List.of(
                task("a-1", "ta-1", "ns-a", "SUCCEEDED", "fp-shared", T0),
                task("b-1", "tb-1", "ns-b", "SUCCEEDED", "fp-shared", T0 + 5)));
    }

    @Test
    void everyEndpointRefusesAnUnauthenticatedRequest() throws Exception {
        for (String path : List.of(RUNS + "?namespace=ns-a", RUNS + "/a-1", RUNS + "/a-1/tasks", RUNS + "/a-1/tasks/ta-1")) {
            ResponseEntity<String> response = get(path.contains("?") ? RUNS : path,
                    path.contains("?") ? params("namespace", "ns-a") : Map.of());
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(json(response).get("code").asInt()).isEqualTo(16);
        }
        assertThat(findCached("ns-a", new HttpHeaders()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(get(RUNS, params("namespace", "ns-a"), bearer("stolen")).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void listRunsNeedsANamespaceOrExperiment() throws Exception {
        ResponseEntity<String> response = get(RUNS, params(), bearer("alice-token"));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(response).get("message").asText()).contains("namespace or experiment_id is required");
    }

    @Test
    void listRunsReadsOnlyTheCallersNamespaces() throws Exception {
        assertThat(runIds(get(RUNS, params("namespace", "ns-a", "sort_by", "run_id"), bearer("alice-token"))))
                .containsExactly("a-1", "a-2");
        assertThat(runIds(get(RUNS, params("experiment_id", "exp-1"), bearer("alice-token")))).containsExactly("a-1");
        assertThat(get(RUNS, params("namespace", "ns-b"), bearer("alice-token")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> otherExperiment = get(RUNS, params("experiment_id", "exp-3"), bearer("alice-token"));
        assertThat(otherExperiment.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(otherExperiment).get("code").asInt()).isEqualTo(7);
        assertThat(get(RUNS, params("experiment_id", "exp-3", "namespace", "ns-a"), bearer("alice-token"))
                .getStatusCode()).as("an experiment of another namespace, whatever namespace is claimed")
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get(RUNS, params("experiment_id", "exp-3", "namespace", "ns-a"), bearer("bob-token"))
                .getStatusCode()).as("experiment and namespace disagree").isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(runIds(get(RUNS, params("namespace", "ns-b"), bearer("bob-token")))).containsExactly("b-1");
    }

    @Test
    void anExperimentWithRunsInTwoNamespacesShowsEachCallerOnlyItsOwn() throws Exception {
        fixtures().insertRuns(List.of(
                run("a-shared", "ns-a", "exp-shared", "SUCCEEDED", T0 + 3),
                run("b-shared-1", "ns-b", "exp-shared", "SUCCEEDED", T0 + 4),
                run("b-shared-2", "ns-b", "exp-shared", "FAILED", T0 + 5)));
        ResponseEntity<String> alice = get(RUNS, params("experiment_id", "exp-shared", "sort_by", "run_id"),
                bearer("alice-token"));
        assertThat(runIds(alice)).containsExactly("a-shared");
        assertThat(json(alice).get("total_size").asLong()).isEqualTo(1);
        ResponseEntity<String> aliceFiltered = get(RUNS, params("experiment_id", "exp-shared", "filter",
                "{\"predicates\":[{\"key\":\"state\",\"operation\":\"NOT_EQUALS\",\"string_value\":\"RUNNING\"}]}"),
                bearer("alice-token"));
        assertThat(runIds(aliceFiltered)).containsExactly("a-shared");
        assertThat(json(aliceFiltered).get("total_size").asLong()).isEqualTo(1);
        assertThat(runIds(get(RUNS, params("experiment_id", "exp-shared", "namespace", "ns-b", "sort_by", "run_id"),
                bearer("bob-token")))).containsExactly("b-shared-1", "b-shared-2");
        assertThat(get(RUNS, params("experiment_id", "exp-shared", "namespace", "ns-b"), bearer("alice-token"))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        String token = json(get(RUNS, params("experiment_id", "exp-shared", "page_size", "1"), bearer("bob-token")))
                .get("next_page_token").asText();
        assertThat(get(RUNS, params("experiment_id", "exp-shared", "page_token", token), bearer("alice-token"))
                .getStatusCode()).as("a token made for bob's part of the experiment").isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aPageTokenDoesNotOpenAnotherNamespace() throws Exception {
        String token = json(get(RUNS, params("namespace", "ns-a", "page_size", "1"), bearer("alice-token")))
                .get("next_page_token").asText();
        assertThat(get(RUNS, params("namespace", "ns-b", "page_token", token), bearer("alice-token")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get(RUNS, params("namespace", "ns-b", "page_token", token), bearer("bob-token")).getStatusCode())
                .as("bound to ns-a").isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void getRunListTasksAndGetTaskReadOnlyTheCallersNamespaces() {
        for (String path : List.of(RUNS + "/b-1", RUNS + "/b-1/tasks", RUNS + "/b-1/tasks/tb-1")) {
            assertThat(get(path, params(), bearer("alice-token")).getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(get(path, params(), bearer("bob-token")).getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
        }
        assertThat(get(RUNS + "/a-1", params("view", "FULL"), bearer("alice-token")).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void findCachedLooksOnlyInTheCallersNamespace() throws Exception {
        ResponseEntity<String> own = findCached("ns-a", bearer("alice-token"));
        assertThat(json(own).at("/task/task_id").asText()).isEqualTo("ta-1");
        assertThat(findCached("ns-b", bearer("alice-token")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> noNamespace = post("/apis/v2beta1/tasks:findCached",
                "{\"cache_fingerprint\": \"fp-shared\"}", bearer("alice-token"));
        assertThat(noNamespace.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void theAuthProxysUserHeaderAuthenticates() throws Exception {
        HttpHeaders proxied = new HttpHeaders();
        proxied.set("kubeflow-userid", "accounts.google.com:bob@example.com");
        assertThat(runIds(get(RUNS, params("namespace", "ns-b"), proxied))).containsExactly("b-1");
        assertThat(get(RUNS, params("namespace", "ns-a"), proxied).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        HttpHeaders stranger = new HttpHeaders();
        stranger.set("kubeflow-userid", "accounts.google.com:eve@example.com");
        assertThat(get(RUNS, params("namespace", "ns-a"), stranger).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private ResponseEntity<String> findCached(String namespace, HttpHeaders headers) {
        return post("/apis/v2beta1/tasks:findCached",
                "{\"namespace\": \"" + namespace + "\", \"cache_fingerprint\": \"fp-shared\"}", headers);
    }

    private static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }
}
