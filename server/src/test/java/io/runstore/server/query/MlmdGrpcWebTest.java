package io.runstore.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import ml_metadata.MetadataStore.Artifact;
import ml_metadata.MetadataStore.Context;
import ml_metadata.MetadataStore.Event;
import ml_metadata.MetadataStore.Execution;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactTypesRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactTypesResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactsByContextRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactsByContextResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactsByIDRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactsByIDResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetEventsByExecutionIDsRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetEventsByExecutionIDsResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetExecutionsByContextRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetExecutionsByContextResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ML Metadata reads of KFP's run-details page over gRPC-web, behind the real command API and projector: a run with
 * a root DAG, tasks in every state, a loop iteration and an artifact one task writes and another reads, read back as
 * KFP's UI reads it, each message decoded with ML Metadata's generated classes. Once per database.
 */
abstract class MlmdGrpcWebTest extends QueryEndToEndTestSupport {

    static final String SERVICE = "/ml_metadata.MetadataStoreService/";
    static final String BINARY = "application/grpc-web+proto";
    static final String TEXT = "application/grpc-web-text";

    @Test
    void theRunDetailsPageSeesTheRunsTasksAsExecutionsWithTheirStates() throws Exception {
        String runId = createRun("mlmd run", "");
        String root = createTask(runId, """
                {"name": "root", "display_name": "my pipeline", "type": "ROOT", "state": "RUNNING"}""");
        String train = createTask(runId, """
                {"name": "train", "display_name": "Train the model", "type": "RUNTIME", "state": "RUNNING",
                 "parent_task_id": "%s",
                 "pods": [{"name": "train-driver", "type": "DRIVER"}, {"name": "train-pod", "type": "EXECUTOR"}],
                 "inputs": {"parameters": [{"parameter_key": "epochs", "value": 3}]},
                 "outputs": {"artifacts": [{"artifact_key": "model", "type": "OUTPUT",
                   "artifacts": [{"artifact_id": "a-model", "name": "model", "type": "Model",
                                  "uri": "s3://bucket/model", "metadata": {"framework": "torch"}}]}]}}"""
                .formatted(root));
        patchTask(runId, train, "{\"state\": \"SUCCEEDED\"}");
        createTask(runId, """
                {"name": "evaluate", "type": "RUNTIME", "state": "FAILED", "parent_task_id": "%s",
                 "inputs": {"artifacts": [{"artifact_key": "trained", "type": "TASK_OUTPUT_INPUT",
                   "producer": {"task_name": "train"},
                   "artifacts": [{"artifact_id": "a-model", "name": "model", "type": "Model",
                                  "uri": "s3://bucket/model"}]}]}}""".formatted(root));
        createTask(runId, """
                {"name": "deploy", "type": "RUNTIME", "state": "SKIPPED", "parent_task_id": "%s"}""".formatted(root));
        createTask(runId, """
                {"name": "download", "type": "RUNTIME", "state": "CACHED", "parent_task_id": "%s"}""".formatted(root));
        String loop = createTask(runId, """
                {"name": "for-loop-2", "type": "LOOP", "state": "RUNNING", "parent_task_id": "%s",
                 "type_attributes": {"iteration_count": 2}}""".formatted(root));
        createTask(runId, """
                {"name": "for-loop-2", "type": "DAG", "state": "RUNNING", "parent_task_id": "%s",
                 "type_attributes": {"iteration_index": 1}}""".formatted(loop));

        Context context = call("GetContextByTypeAndName", BINARY, GetContextByTypeAndNameRequest.newBuilder()
                .setTypeName("system.PipelineRun").setContextName(runId).build(),
                GetContextByTypeAndNameResponse::parseFrom).getContext();
        assertThat(context.getId()).isPositive().isLessThan(1L << 53);
        assertThat(context.getName()).isEqualTo(runId);
        assertThat(context.getType()).isEqualTo("system.PipelineRun");

        List<Execution> executions = call("GetExecutionsByContext", BINARY, GetExecutionsByContextRequest.newBuilder()
                .setContextId(context.getId()).build(), GetExecutionsByContextResponse::parseFrom).getExecutionsList();
        assertThat(executions).hasSize(7);
        Map<String, Execution> byName = new HashMap<>();
        executions.forEach(e -> byName.putIfAbsent(string(e, "task_name") + iteration(e), e));
        Execution rootExecution = byName.get("");
        assertThat(rootExecution.getLastKnownState()).isEqualTo(Execution.State.RUNNING);
        assertThat(rootExecution.getType()).isEqualTo("system.DAGExecution");
        assertThat(string(rootExecution, "display_name")).isEqualTo("my pipeline");
        assertThat(rootExecution.getCustomPropertiesMap()).doesNotContainKey("parent_dag_id");

        Execution trainExecution = byName.get("train");
        assertThat(trainExecution.getLastKnownState()).isEqualTo(Execution.State.COMPLETE);
        assertThat(trainExecution.getType()).isEqualTo("system.ContainerExecution");
        assertThat(trainExecution.getCustomPropertiesOrThrow("parent_dag_id").getIntValue())
                .isEqualTo(rootExecution.getId());
        assertThat(string(trainExecution, "display_name")).isEqualTo("Train the model");
        assertThat(string(trainExecution, "pod_name")).isEqualTo("train-pod");
        assertThat(string(trainExecution, "namespace")).isEmpty();
        assertThat(trainExecution.getCustomPropertiesOrThrow("inputs").getStructValue().getFieldsOrThrow("epochs")
                .getNumberValue()).isEqualTo(3.0);
        assertThat(byName.get("evaluate").getLastKnownState()).isEqualTo(Execution.State.FAILED);
        assertThat(byName.get("deploy").getLastKnownState()).isEqualTo(Execution.State.CANCELED);
        assertThat(byName.get("download").getLastKnownState()).isEqualTo(Execution.State.CACHED);
        Execution loopExecution = byName.get("for-loop-2");
        assertThat(loopExecution.getCustomPropertiesOrThrow("iteration_count").getIntValue()).isEqualTo(2);
        Execution iteration = byName.get("for-loop-2#1");
        assertThat(iteration.getCustomPropertiesOrThrow("parent_dag_id").getIntValue()).isEqualTo(loopExecution.getId());
        assertThat(executions).extracting(Execution::getId).doesNotHaveDuplicates().allMatch(id -> id < (1L << 53));

        List<Artifact> artifacts = call("GetArtifactsByContext", BINARY, GetArtifactsByContextRequest.newBuilder()
                .setContextId(context.getId()).build(), GetArtifactsByContextResponse::parseFrom).getArtifactsList();
        assertThat(artifacts).hasSize(1);
        Artifact model = artifacts.get(0);
        assertThat(model.getUri()).isEqualTo("s3://bucket/model");
        assertThat(model.getType()).isEqualTo("system.Model");
        assertThat(model.getState()).isEqualTo(Artifact.State.LIVE);
        assertThat(model.getCustomPropertiesOrThrow("display_name").getStringValue()).isEqualTo("model");
        assertThat(model.getCustomPropertiesOrThrow("framework").getStringValue()).isEqualTo("torch");

        List<Event> events = call("GetEventsByExecutionIDs", BINARY, GetEventsByExecutionIDsRequest.newBuilder()
                .addAllExecutionIds(executions.stream().map(Execution::getId).toList()).build(),
                GetEventsByExecutionIDsResponse::parseFrom).getEventsList();
        assertThat(events).hasSize(2);
        assertThat(events).allMatch(event -> event.getArtifactId() == model.getId());
        Event output = events.stream().filter(e -> e.getType() == Event.Type.OUTPUT).findFirst().orElseThrow();
        assertThat(output.getExecutionId()).isEqualTo(trainExecution.getId());
        assertThat(output.getPath().getSteps(0).getKey()).isEqualTo("model");
        Event input = events.stream().filter(e -> e.getType() == Event.Type.INPUT).findFirst().orElseThrow();
        assertThat(input.getExecutionId()).isEqualTo(byName.get("evaluate").getId());
        assertThat(input.getPath().getSteps(0).getKey()).isEqualTo("trained");

        GetArtifactsByIDResponse byId = call("GetArtifactsByID", BINARY, GetArtifactsByIDRequest.newBuilder()
                .addArtifactIds(model.getId()).addArtifactIds(model.getId() + 1).addArtifactIds(424242L).build(),
                GetArtifactsByIDResponse::parseFrom);
        assertThat(byId.getArtifactsList()).containsExactly(model);
        GetArtifactTypesResponse types = call("GetArtifactTypes", BINARY, GetArtifactTypesRequest.getDefaultInstance(),
                GetArtifactTypesResponse::parseFrom);
        assertThat(types.getArtifactTypesList()).anyMatch(type -> type.getId() == model.getTypeId()
                && type.getName().equals("system.Model"));

        // the same answers again (ids are stable), and in grpc-web-text mode
        assertThat(call("GetExecutionsByContext", TEXT, GetExecutionsByContextRequest.newBuilder()
                .setContextId(context.getId()).build(), GetExecutionsByContextResponse::parseFrom).getExecutionsList())
                .isEqualTo(executions);
    }

    @Test
    void unknownRunsAndIdsAnswerAsMlMetadataDoesEmpty() throws Exception {
        assertThat(call("GetContextByTypeAndName", BINARY, GetContextByTypeAndNameRequest.newBuilder()
                .setTypeName("system.PipelineRun").setContextName("no-such-run").build(),
                GetContextByTypeAndNameResponse::parseFrom).hasContext()).isFalse();
        String runId = createRun("mlmd run of another type", "");
        assertThat(call("GetContextByTypeAndName", TEXT, GetContextByTypeAndNameRequest.newBuilder()
                .setTypeName("KfpRun").setContextName(runId).build(),
                GetContextByTypeAndNameResponse::parseFrom).hasContext()).isFalse();
        assertThat(call("GetExecutionsByContext", BINARY, GetExecutionsByContextRequest.newBuilder()
                .setContextId(987654321L).build(), GetExecutionsByContextResponse::parseFrom).getExecutionsCount())
                .isZero();
        assertThat(call("GetEventsByExecutionIDs", BINARY, GetEventsByExecutionIDsRequest.newBuilder()
                .addExecutionIds(987654321L).build(), GetEventsByExecutionIDsResponse::parseFrom).getEventsCount())
                .isZero();
    }

    @Test
    void whatIsNotServedOrNotGrpcWebSaysSo() throws Exception {
        GrpcWebAnswer unimplemented = post("PutExecution", BINARY, frame(new byte[0]), null);
        assertThat(unimplemented.status).isEqualTo(12);
        assertThat(unimplemented.grpcMessage).contains("PutExecution");
        GrpcWebAnswer malformed = post("GetExecutionsByContext", BINARY, new byte[] {0, 0, 0, 9, 1}, null);
        assertThat(malformed.status).isEqualTo(3);
        assertThat(malformed.grpcMessage).contains("frame");

        // patterns included: Spring's body readers fail on them with an IllegalArgumentException (was a 500)
        for (String contentType : List.of("application/json", "application/*", "*/*")) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
            ResponseEntity<String> json = http.postForEntity(SERVICE + "GetArtifactTypes",
                    new HttpEntity<>("{}".getBytes(StandardCharsets.UTF_8), headers), String.class);
            assertThat(json.getStatusCode()).as(contentType).isEqualTo(HttpStatus.BAD_REQUEST);
            JsonNode error = QueryEndToEndTest.JSON.readTree(json.getBody());
            assertThat(error.get("code").asInt()).isEqualTo(3);
            assertThat(error.get("message").asText()).contains(contentType);
        }
    }

    @Test
    void v1beta1GetRunAndGetExperimentWhichThePageAlsoCallsAnswerInKfpsV1Shape() throws Exception {
        ResponseEntity<String> created = http.postForEntity("/apis/v2beta1/runs", new HttpEntity<>("""
                {"display_name": "v1 view", "description": "seen through v1beta1",
                 "pipeline_spec": {"pipelineInfo": {"name": "p"}, "root": {"dag": {"tasks": {}}}},
                 "runtime_config": {"parameters": {"epochs": 3}}}""", QueryEndToEndTest.jsonHeaders()), String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.OK);
        String runId = QueryEndToEndTest.JSON.readTree(created.getBody()).get("run_id").asText();
        ResponseEntity<String> reported = http.postForEntity("/apis/v2beta1/runs/" + runId + ":reportState",
                new HttpEntity<>("{\"state\": \"RUNNING\"}", QueryEndToEndTest.jsonHeaders()), String.class);
        assertThat(reported.getStatusCode()).as(reported.getBody()).isEqualTo(HttpStatus.OK);

        ResponseEntity<String> v1 = http.getForEntity("/apis/v1beta1/runs/" + runId, String.class);
        assertThat(v1.getStatusCode()).as(v1.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode run = QueryEndToEndTest.JSON.readTree(v1.getBody()).get("run");
        assertThat(run.get("id").asText()).isEqualTo(runId);
        assertThat(run.get("name").asText()).isEqualTo("v1 view");
        assertThat(run.get("description").asText()).isEqualTo("seen through v1beta1");
        assertThat(run.get("status").asText()).isEqualTo("Running");
        assertThat(run.get("storage_state").asText()).isEqualTo("STORAGESTATE_AVAILABLE");
        assertThat(run.get("finished_at").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(QueryEndToEndTest.JSON.readTree(run.at("/pipeline_spec/pipeline_manifest").asText())
                .at("/pipelineInfo/name").asText()).isEqualTo("p");
        assertThat(run.at("/pipeline_spec/runtime_config/parameters/epochs").asInt()).isEqualTo(3);
        assertThat(run.get("resource_references").findValuesAsText("type")).contains("EXPERIMENT");

        String experimentId = run.get("resource_references").findParents("type").stream()
                .filter(key -> key.get("type").asText().equals("EXPERIMENT")).findFirst().orElseThrow()
                .get("id").asText();
        ResponseEntity<String> experiment = http.getForEntity("/apis/v1beta1/experiments/" + experimentId, String.class);
        assertThat(experiment.getStatusCode()).as(experiment.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode v1Experiment = QueryEndToEndTest.JSON.readTree(experiment.getBody());
        assertThat(v1Experiment.get("id").asText()).isEqualTo(experimentId);
        assertThat(v1Experiment.get("name").asText()).isEqualTo("Default");
        assertThat(v1Experiment.get("storage_state").asText()).isEqualTo("STORAGESTATE_AVAILABLE");

        ResponseEntity<String> unknown = http.getForEntity("/apis/v1beta1/runs/no-such-run", String.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(QueryEndToEndTest.JSON.readTree(unknown.getBody()).get("code").asInt()).isEqualTo(5);
    }

    // ---- a gRPC-web client as Envoy's filter sees KFP's UI ----

    /** One unary call; fails unless it answers grpc-status 0. */
    <T> T call(String method, String contentType, Message request, Parser<T> parser) throws Exception {
        return call(method, contentType, request, parser, null);
    }

    <T> T call(String method, String contentType, Message request, Parser<T> parser, String bearer) throws Exception {
        GrpcWebAnswer answer = post(method, contentType, frame(request.toByteArray()), bearer);
        assertThat(answer.status).as(method + ": " + answer.grpcMessage).isZero();
        assertThat(answer.grpcMessage).isNull();
        return parser.parse(answer.message());
    }

    GrpcWebAnswer post(String method, String contentType, byte[] frames, String bearer) {
        return post(http, method, contentType, frames, bearer);
    }

    static GrpcWebAnswer post(TestRestTemplate http, String method, String contentType, byte[] frames, String bearer) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        headers.set("X-Grpc-Web", "1");
        if (bearer != null) {
            headers.setBearerAuth(bearer);
        }
        boolean text = contentType.startsWith("application/grpc-web-text");
        byte[] body = text ? Base64.getEncoder().encode(frames) : frames;
        ResponseEntity<byte[]> response = http.postForEntity(SERVICE + method, new HttpEntity<>(body, headers),
                byte[].class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType().toString())
                .isEqualTo(text ? "application/grpc-web-text+proto" : "application/grpc-web+proto");
        byte[] answer = response.getBody() == null ? new byte[0] : response.getBody();
        return GrpcWebAnswer.of(text ? Base64.getDecoder().decode(answer) : answer);
    }

    static byte[] frame(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(message.length).array());
        out.writeBytes(message);
        return out.toByteArray();
    }

    /** The frames of a response: the message (if any), grpc-status and grpc-message from the trailers frame. */
    record GrpcWebAnswer(byte[] messageBytes, int status, String grpcMessage) {

        static GrpcWebAnswer of(byte[] frames) {
            ByteBuffer buffer = ByteBuffer.wrap(frames);
            byte[] message = null;
            Map<String, String> trailers = null;
            while (buffer.hasRemaining()) {
                byte flag = buffer.get();
                byte[] payload = new byte[buffer.getInt()];
                buffer.get(payload);
                if ((flag & 0x80) != 0) {
                    assertThat(trailers).as("one trailers frame").isNull();
                    trailers = new HashMap<>();
                    for (String line : new String(payload, StandardCharsets.US_ASCII).split("\r\n")) {
                        String[] pair = line.split(":", 2);
                        trailers.put(pair[0].trim().toLowerCase(), pair[1].trim());
                    }
                } else {
                    assertThat(trailers).as("the message comes before the trailers").isNull();
                    message = payload;
                }
            }
            assertThat(trailers).as("a trailers frame").isNotNull();
            String grpcMessage = trailers.get("grpc-message");
            return new GrpcWebAnswer(message, Integer.parseInt(trailers.get("grpc-status")),
                    grpcMessage == null ? null : URLDecoder.decode(grpcMessage.replace("+", "%2B"), StandardCharsets.UTF_8));
        }

        byte[] message() {
            return messageBytes == null ? new byte[0] : messageBytes;
        }
    }

    interface Parser<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    // ---- writes through runstore's API ----

    String createRun(String name, String namespaceQuery) throws Exception {
        ResponseEntity<String> created = http.postForEntity("/apis/v2beta1/runs" + namespaceQuery, new HttpEntity<>("""
                {"display_name": "%s", "pipeline_version_reference": {"pipeline_id": "p-1"}}""".formatted(name),
                QueryEndToEndTest.jsonHeaders()), String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.OK);
        return QueryEndToEndTest.JSON.readTree(created.getBody()).get("run_id").asText();
    }

    String createTask(String runId, String task) throws Exception {
        ResponseEntity<String> created = http.postForEntity("/apis/v2beta1/runs/" + runId + "/tasks",
                new HttpEntity<>(task, QueryEndToEndTest.jsonHeaders()), String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.OK);
        return QueryEndToEndTest.JSON.readTree(created.getBody()).get("task_id").asText();
    }

    void patchTask(String runId, String taskId, String changes) {
        ResponseEntity<String> patched = http.exchange("/apis/v2beta1/runs/" + runId + "/tasks/" + taskId,
                org.springframework.http.HttpMethod.PATCH, new HttpEntity<>(changes, QueryEndToEndTest.jsonHeaders()),
                String.class);
        assertThat(patched.getStatusCode()).as(patched.getBody()).isEqualTo(HttpStatus.OK);
    }

    private static String string(Execution execution, String property) {
        return execution.getCustomPropertiesOrThrow(property).getStringValue();
    }

    private static String iteration(Execution execution) {
        return execution.getCustomPropertiesMap().containsKey("iteration_index")
                ? "#" + execution.getCustomPropertiesOrThrow("iteration_index").getIntValue() : "";
    }
}
