package io.runstore.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the HTTP tests of the query API share: the database per kind, fixtures, requests. */
@ActiveProfiles("query")
public abstract class QueryApiTestBase {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final long T0 = 1_700_000_000_000_000L;

    @Autowired
    protected TestRestTemplate http;
    @LocalServerPort
    int port;

    protected static void useDatabase(DynamicPropertyRegistry registry, DatabaseKind kind) {
        TestDatabase database = QueryDatabases.of(kind).database;
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", () -> database.password() == null ? "" : database.password());
        registry.add("runstore.query.page-token-key", () -> "test-key");
        registry.add("runstore.query.consistency-wait", () -> "300ms");
        registry.add("axon.axonserver.enabled", () -> "false");
        registry.add("spring.flyway.enabled", () -> "false");
    }

    protected abstract DatabaseKind kind();

    protected ReadTableFixtures fixtures() {
        return QueryDatabases.of(kind()).fixtures;
    }

    protected static FixtureRun run(String runId, String namespace, String experimentId, String state, long createdAt) {
        return new FixtureRun(runId, namespace, experimentId, "run " + runId, "", state, "AVAILABLE", createdAt, 0,
                state.equals("SUCCEEDED") || state.equals("FAILED") ? createdAt + 5_000_000 : 0, "", "p-1",
                Map.of("accuracy", 0.5));
    }

    protected static FixtureTask task(String runId, String taskId, String namespace, String state, String fingerprint,
                                      long createTime) {
        return new FixtureTask(runId, taskId, namespace, "step", "Step", "root", "RUNTIME", state, fingerprint,
                createTime, 0);
    }

    protected ResponseEntity<String> get(String path, Map<String, String> query, HttpHeaders headers) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString("http://localhost:" + port + path);
        query.forEach((name, value) -> uri.queryParam(name, "{" + name + "}"));
        return http.exchange(uri.encode().buildAndExpand(query).toUri(), HttpMethod.GET, new HttpEntity<>(headers),
                String.class);
    }

    protected ResponseEntity<String> get(String path, Map<String, String> query) {
        return get(path, query, new HttpHeaders());
    }

    protected ResponseEntity<String> get(String path) {
        return get(path, Map.of());
    }

    protected ResponseEntity<String> post(String path, String body, HttpHeaders headers) {
        HttpHeaders all = new HttpHeaders();
        all.putAll(headers);
        all.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, all), String.class);
    }

    protected static Map<String, String> params(String... keysAndValues) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return params;
    }

    protected static JsonNode json(ResponseEntity<String> response) throws Exception {
        return JSON.readTree(response.getBody());
    }

    protected static List<String> runIds(ResponseEntity<String> response) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        json(response).path("runs").forEach(run -> ids.add(run.get("run_id").asText()));
        return ids;
    }
}
