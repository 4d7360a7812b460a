package io.runstore.server.query;

import io.runstore.testsupport.DatabaseKind;
import ml_metadata.MetadataStore.Context;
import ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetExecutionsByContextRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-user mode on the whole server: a run's history (read from the event log, not the read tables) and its ML
 * Metadata objects are readable only by callers of the run's namespace. Once per database.
 */
abstract class MultiUserEventsTest extends QueryEndToEndTestSupport {

    static void multiUser(DynamicPropertyRegistry registry, DatabaseKind kind) {
        QueryEndToEndTest.useDatabase(registry, kind);
        registry.add("runstore.auth.mode", () -> "multi-user");
        registry.add("runstore.auth.principals[0].name", () -> "alice");
        registry.add("runstore.auth.principals[0].namespaces[0]", () -> "ns-a");
        registry.add("runstore.auth.principals[0].tokens[0]", () -> "alice-token");
        registry.add("runstore.auth.principals[1].name", () -> "bob");
        registry.add("runstore.auth.principals[1].namespaces[0]", () -> "ns-b");
        registry.add("runstore.auth.principals[1].tokens[0]", () -> "bob-token");
    }

    @Test
    void onlyCallersOfTheRunsNamespaceReadItsEvents() throws Exception {
        String runId = bobsRun("bob's");
        String path = "/apis/v2beta1/runs/" + runId + "/events";

        assertThat(events(path, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(events(path, "alice-token").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> bobs = events(path, "bob-token");
        assertThat(bobs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(QueryEndToEndTest.JSON.readTree(bobs.getBody()).at("/events/0/type").asText()).isEqualTo("RunCreated");
    }

    @Test
    void aRunCreatedInAnExperimentTakesTheExperimentsNamespace() throws Exception {
        ResponseEntity<String> experiment = http.postForEntity("/apis/v2beta1/experiments?namespace=ns-b",
                new HttpEntity<>("{\"display_name\": \"bob's experiment\"}", bobs()),
                String.class);
        String experimentId = QueryEndToEndTest.JSON.readTree(experiment.getBody()).get("experiment_id").asText();
        ResponseEntity<String> created = http.postForEntity("/apis/v2beta1/runs", new HttpEntity<>("""
                {"display_name": "in bob's experiment", "experiment_id": "%s",
                 "pipeline_version_reference": {"pipeline_id": "p-1"}}""".formatted(experimentId),
                bobs()), String.class);
        String runId = QueryEndToEndTest.JSON.readTree(created.getBody()).get("run_id").asText();

        ResponseEntity<String> bobs = events("/apis/v2beta1/runs/" + runId, "bob-token");
        assertThat(bobs.getStatusCode()).as(bobs.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(events("/apis/v2beta1/runs/" + runId, "alice-token").getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(events("/apis/v2beta1/experiments/" + experimentId, "alice-token").getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(events("/apis/v2beta1/experiments?namespace=ns-b", "bob-token").getBody()).contains(experimentId);
    }

    @Test
    void onlyCallersOfTheRunsNamespaceReadItsMlMetadataObjects() throws Exception {
        String runId = bobsRun("bob's, in ML Metadata");
        byte[] request = MlmdGrpcWebTest.frame(GetContextByTypeAndNameRequest.newBuilder()
                .setTypeName("system.PipelineRun").setContextName(runId).build().toByteArray());
        String method = "GetContextByTypeAndName";

        // no identity: the security chain answers before the endpoint, HTTP 401 (gRPC-web clients read it as
        // UNAUTHENTICATED) with KFP's code 16
        HttpHeaders anonymous = new HttpHeaders();
        anonymous.set(HttpHeaders.CONTENT_TYPE, MlmdGrpcWebTest.BINARY);
        ResponseEntity<String> refused = http.postForEntity("/ml_metadata.MetadataStoreService/" + method,
                new HttpEntity<>(request, anonymous), String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(QueryEndToEndTest.JSON.readTree(refused.getBody()).get("code").asInt()).isEqualTo(16);
        MlmdGrpcWebTest.GrpcWebAnswer alices = MlmdGrpcWebTest.post(http, method, MlmdGrpcWebTest.BINARY, request,
                "alice-token");
        assertThat(alices.status()).isEqualTo(7);
        assertThat(alices.message()).isEmpty();
        assertThat(alices.grpcMessage()).contains("ns-b");
        MlmdGrpcWebTest.GrpcWebAnswer bobs = MlmdGrpcWebTest.post(http, method, MlmdGrpcWebTest.BINARY, request,
                "bob-token");
        assertThat(bobs.status()).as(bobs.grpcMessage()).isZero();
        Context context = GetContextByTypeAndNameResponse.parseFrom(bobs.message()).getContext();
        assertThat(context.getName()).isEqualTo(runId);
        assertThat(context.getCustomPropertiesOrThrow("namespace").getStringValue()).isEqualTo("ns-b");

        byte[] executions = MlmdGrpcWebTest.frame(GetExecutionsByContextRequest.newBuilder()
                .setContextId(context.getId()).build().toByteArray());
        assertThat(MlmdGrpcWebTest.post(http, "GetExecutionsByContext", MlmdGrpcWebTest.BINARY, executions,
                "alice-token").status()).isEqualTo(7);
        assertThat(MlmdGrpcWebTest.post(http, "GetExecutionsByContext", MlmdGrpcWebTest.BINARY, executions,
                "bob-token").status()).isZero();
    }

    @Test
    void healthzSaysMultiUserAsKfpsSdkExpects() throws Exception {
        for (String version : new String[] {"v1beta1", "v2beta1"}) {
            ResponseEntity<String> healthz = http.getForEntity("/apis/" + version + "/healthz", String.class);
            assertThat(healthz.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(QueryEndToEndTest.JSON.readTree(healthz.getBody()).get("multi_user").asBoolean()).isTrue();
        }
    }

    /** Writes are authenticated and authorized too: bob writes in his namespace. */
    private static HttpHeaders bobs() {
        HttpHeaders headers = QueryEndToEndTest.jsonHeaders();
        headers.setBearerAuth("bob-token");
        return headers;
    }

    private String bobsRun(String name) throws Exception {
        ResponseEntity<String> created = http.postForEntity("/apis/v2beta1/runs?namespace=ns-b", new HttpEntity<>("""
                {"display_name": "%s", "pipeline_version_reference": {"pipeline_id": "p-1"}}""".formatted(name),
                bobs()), String.class);
        return QueryEndToEndTest.JSON.readTree(created.getBody()).get("run_id").asText();
    }

    private ResponseEntity<String> events(String path, String bearer) {
        HttpHeaders headers = new HttpHeaders();
        if (bearer != null) {
            headers.setBearerAuth(bearer);
        }
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }
}
