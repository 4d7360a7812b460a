package io.runstore.server.command;

import api.ReportServiceGrpc;
import api.RunOuterClass;
import api.RunServiceGrpc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.runstore.command.grpc.GrpcServer;
import io.runstore.events.metric.MetricsReported;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskType;
import io.runstore.events.task.TaskUpdated;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import kubeflow.pipelines.backend.api.v2beta1.Report;
import kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.PipelineTask;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * KFP's persistence agent reporting workflows over gRPC, with clients generated from KFP's protos, once per
 * database: what a first report creates, that an unchanged resync writes nothing, that a finishing node writes exactly
 * its change, that a late older report never moves anything back, and the status codes KFP answers with.
 */
abstract class WorkflowReportGrpcTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TRAIN = "three-steps-p7x2q-809433217";
    static final String EVALUATE = "three-steps-p7x2q-4119024772";

    @LocalServerPort
    int httpPort;
    @Autowired
    GrpcServer grpcServer;
    @Autowired
    EventStorageEngine storageEngine;

    ManagedChannel channel;
    ReportServiceGrpc.ReportServiceBlockingStub reportV1;
    kubeflow.pipelines.backend.api.v2beta1.ReportServiceGrpc.ReportServiceBlockingStub reportV2;
    RunServiceGrpc.RunServiceBlockingStub runV1;

    static void useDatabase(DynamicPropertyRegistry registry, DatabaseKind kind) {
        TestDatabase database = TestDatabases.create(kind);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("runstore.command.max-request-size", () -> "2MB");
    }

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port()).usePlaintext()
                .maxInboundMessageSize(4 << 20).build();
        reportV1 = ReportServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        reportV2 = kubeflow.pipelines.backend.api.v2beta1.ReportServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        runV1 = RunServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aFirstReportMovesTheRunAndCreatesATaskPerNodeParentsFirst() {
        String run = createRun();

        report(workflow("three-steps.json", run));

        List<DomainEventMessage<?>> events = events(run);
        List<TaskCreated> created = payloads(events, TaskCreated.class);
        assertThat(created).extracting(TaskCreated::taskId).containsExactly("three-steps-p7x2q",
                "three-steps-p7x2q-1027375891", "three-steps-p7x2q-3552716520", "three-steps-p7x2q-2170455208",
                TRAIN, EVALUATE);
        Map<String, TaskCreated> byId = created.stream()
                .collect(Collectors.toMap(TaskCreated::taskId, Function.identity()));
        assertThat(byId.get("three-steps-p7x2q").task().type()).isEqualTo(TaskType.ROOT);
        assertThat(byId.get(TRAIN).task().parentTaskId()).isEqualTo("three-steps-p7x2q-2170455208");
        assertThat(byId.get(TRAIN).task().state()).isEqualTo(TaskState.RUNNING);
        assertThat(byId.get(TRAIN).task().displayName()).isEqualTo("train");
        assertThat(byId.get(TRAIN).task().pods().get(0).name())
                .isEqualTo("three-steps-p7x2q-system-container-executor-809433217");
        assertThat(byId.get(EVALUATE).task().state()).isNull();
        RunStateReported state = payloads(events, RunStateReported.class).get(0);
        assertThat(state.state()).isEqualTo(RuntimeState.RUNNING);
        assertThat(state.updateTime()).hasToString("2026-03-02T09:14:05Z");
    }

    @Test
    void anIdenticalResyncWritesNothingAndOneThatOnlyChangesMetadataNeither() {
        String run = createRun();
        ObjectNode workflow = workflow("three-steps.json", run);
        report(workflow);
        long written = lastSequence(run);

        report(workflow);
        ((ObjectNode) workflow.get("metadata")).put("resourceVersion", "1839377");
        report(workflow);
        reportV2.reportWorkflow(Report.ReportWorkflowRequest.newBuilder().setWorkflow(workflow.toString()).build());

        assertThat(lastSequence(run)).isEqualTo(written);
    }

    @Test
    void aNodeFinishingWritesExactlyItsChange() {
        String run = createRun();
        ObjectNode workflow = workflow("three-steps.json", run);
        report(workflow);
        long before = lastSequence(run);

        ObjectNode train = node(workflow, TRAIN);
        train.put("phase", "Succeeded");
        train.put("finishedAt", "2026-03-02T09:21:40Z");
        report(workflow);

        List<DomainEventMessage<?>> added = events(run).subList((int) before + 1, (int) lastSequence(run) + 1);
        assertThat(added).hasSize(1);
        TaskUpdated update = (TaskUpdated) added.get(0).getPayload();
        assertThat(update.taskId()).isEqualTo(TRAIN);
        assertThat(update.changes().state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(update.changes().endTime()).hasToString("2026-03-02T09:21:40Z");
    }

    @Test
    void aLateOlderReportNeverMovesTheRunOrATaskBack() {
        String run = createRun();
        ObjectNode running = workflow("three-steps.json", run);
        ObjectNode later = running.deepCopy();
        node(later, TRAIN).put("phase", "Succeeded");
        node(later, TRAIN).put("finishedAt", "2026-03-02T09:21:40Z");
        report(later);
        long afterLater = lastSequence(run);

        report(running);
        assertThat(lastSequence(run)).isEqualTo(afterLater);

        ObjectNode finished = later.deepCopy();
        node(finished, EVALUATE).put("phase", "Succeeded");
        ((ObjectNode) finished.get("status")).put("phase", "Succeeded").put("finishedAt", "2026-03-02T09:30:00Z");
        report(finished);
        long afterFinished = lastSequence(run);
        report(later);
        report(running);

        assertThat(lastSequence(run)).isEqualTo(afterFinished);
        List<RunStateReported> states = payloads(events(run), RunStateReported.class);
        assertThat(states).extracting(RunStateReported::state)
                .containsExactly(RuntimeState.RUNNING, RuntimeState.SUCCEEDED);
        assertThat(states.get(1).updateTime()).hasToString("2026-03-02T09:30:00Z");
    }

    @Test
    void aLoopWithAFailedIterationFailsTheRunWithTheWorkflowsMessage() {
        String run = createRun();

        report(workflow("loop-failed.json", run));

        List<DomainEventMessage<?>> events = events(run);
        Map<String, TaskCreated> tasks = payloads(events, TaskCreated.class).stream()
                .collect(Collectors.toMap(TaskCreated::taskId, Function.identity()));
        assertThat(tasks).hasSize(7);
        assertThat(tasks.get("sweep-lr-9fkzd-517390223").task().type()).isEqualTo(TaskType.LOOP);
        assertThat(tasks.get("sweep-lr-9fkzd-2846715323").task().parentTaskId()).isEqualTo("sweep-lr-9fkzd-517390223");
        assertThat(tasks.get("sweep-lr-9fkzd-2846715323").task().state()).isEqualTo(TaskState.FAILED);
        assertThat(tasks.get("sweep-lr-9fkzd-2846715323").task().statusMetadata().message())
                .isEqualTo("Error (exit code 1): loss diverged");
        assertThat(tasks.get("sweep-lr-9fkzd-3734951298").task().state()).isEqualTo(TaskState.CACHED);
        RunStateReported state = payloads(events, RunStateReported.class).get(0);
        assertThat(state.state()).isEqualTo(RuntimeState.FAILED);
        assertThat(state.error().message()).isEqualTo("child 'sweep-lr-9fkzd-2846715323' failed");
    }

    @Test
    void theFirstReportOfARecurringRunsWorkflowCreatesItsRun() {
        String run = UUID.randomUUID().toString();
        ObjectNode workflow = workflow("three-steps.json", run);
        ((ObjectNode) workflow.get("metadata")).putArray("ownerReferences").addObject()
                .put("apiVersion", "kubeflow.org/v1beta1").put("kind", "ScheduledWorkflow")
                .put("name", "nightly-train").put("uid", "job-7").put("controller", true);
        ((ObjectNode) workflow.at("/metadata/labels")).put("scheduledworkflows.kubeflow.org/workflowEpoch",
                "1772442000");

        report(workflow);
        report(workflow);

        List<DomainEventMessage<?>> events = events(run);
        RunCreated created = (RunCreated) events.get(0).getPayload();
        assertThat(created.recurringRunId()).isEqualTo("job-7");
        assertThat(created.namespace()).isEqualTo("kubeflow-user-a");
        assertThat(created.displayName()).isEqualTo("three-steps-p7x2q");
        assertThat(created.createdAt()).hasToString("2026-03-02T09:14:05Z");
        assertThat(created.scheduledAt()).hasToString("2026-03-02T09:00:00Z");
        assertThat(payloads(events, RunCreated.class)).hasSize(1);
        assertThat(payloads(events, TaskCreated.class)).hasSize(6);
    }

    @Test
    void aWorkflowOfAnUnknownRunIsNotFound() {
        String run = UUID.randomUUID().toString();

        assertThatThrownBy(() -> report(workflow("three-steps.json", run)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains(run);
                });
        assertThat(storageEngine.lastSequenceNumberFor(run)).isEmpty();
    }

    @Test
    void aMalformedWorkflowIsAnInvalidArgumentNamingWhatIsWrong() {
        String run = createRun();
        ObjectNode noLabel = workflow("three-steps.json", run);
        ((ObjectNode) noLabel.at("/metadata/labels")).remove("pipeline/runid");
        ObjectNode badPhase = workflow("three-steps.json", run);
        node(badPhase, TRAIN).put("phase", "Exploded");
        ObjectNode badTime = workflow("three-steps.json", run);
        node(badTime, TRAIN).put("startedAt", "yesterday");

        assertInvalid("{\"metadata\": ", "could not unmarshal");
        assertInvalid("[]", "expected a JSON object");
        assertInvalid(noLabel.toString(), "pipeline/runid");
        assertInvalid(badPhase.toString(), "status.nodes." + TRAIN + ".phase");
        assertInvalid(badTime.toString(), "status.nodes." + TRAIN + ".startedAt");
        assertThat(lastSequence(run)).isZero();
    }

    @Test
    void aWorkflowOfOneMebibyteIsAccepted() {
        String run = createRun();
        ObjectNode workflow = workflow("three-steps.json", run);
        ((ObjectNode) workflow.get("metadata").get("annotations"))
                .put("pipelines.kubeflow.org/pipeline_spec", "x".repeat(1 << 20));

        report(workflow);

        assertThat(workflow.toString().length()).isGreaterThan(1 << 20);
        assertThat(payloads(events(run), TaskCreated.class)).hasSize(6);
    }

    @Test
    void scheduledWorkflowReportsAreCheckedAndWriteNothing() {
        reportV1.reportScheduledWorkflowV1(api.Report.ReportScheduledWorkflowRequest.newBuilder()
                .setScheduledWorkflow("{\"kind\": \"ScheduledWorkflow\", \"metadata\": {\"uid\": \"job-7\"}}").build());

        assertThatThrownBy(() -> reportV2.reportScheduledWorkflow(Report.ReportScheduledWorkflowRequest.newBuilder()
                .setScheduledWorkflow("{\"metadata\": {}}").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void reportRunMetricsAnswersEveryMetricAndKeepsTheFirst() {
        String run = createRun();
        RunOuterClass.RunMetric accuracy = RunOuterClass.RunMetric.newBuilder().setName("accuracy")
                .setNodeId(TRAIN).setNumberValue(0.91).setFormat(RunOuterClass.RunMetric.Format.PERCENTAGE).build();
        RunOuterClass.RunMetric invalid = RunOuterClass.RunMetric.newBuilder().setName("9lives").setNodeId(TRAIN)
                .build();

        RunOuterClass.ReportRunMetricsResponse first = runV1.reportRunMetricsV1(RunOuterClass.ReportRunMetricsRequest
                .newBuilder().setRunId(run).addMetrics(accuracy).addMetrics(invalid).build());
        RunOuterClass.ReportRunMetricsResponse second = runV1.reportRunMetricsV1(RunOuterClass.ReportRunMetricsRequest
                .newBuilder().setRunId(run).addMetrics(accuracy.toBuilder().setNumberValue(0.5)).build());

        assertThat(first.getResultsList()).extracting(r -> r.getStatus().name())
                .containsExactly("OK", "INVALID_ARGUMENT");
        assertThat(second.getResults(0).getStatus().name()).isEqualTo("DUPLICATE_REPORTING");
        List<MetricsReported> reported = payloads(events(run), MetricsReported.class);
        assertThat(reported).hasSize(1);
        assertThat(reported.get(0).metrics().get(0).numberValue()).isEqualTo(0.91);
        assertThatThrownBy(() -> runV1.reportRunMetricsV1(RunOuterClass.ReportRunMetricsRequest.newBuilder()
                .setRunId(UUID.randomUUID().toString()).addMetrics(accuracy).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    // ---- the same reports over HTTP, as KFP's gateway maps them

    @Test
    void aWorkflowReportOverHttpTakesTheWorkflowAsAJsonStringAndAnswersLikeGrpc() {
        String run = createRun();
        ObjectNode workflow = workflow("three-steps.json", run);
        Http http = new Http(httpPort);

        Http.Answer first = http.post("/apis/v2beta1/workflows", JSON.valueToTree(workflow.toString()).toString());
        long written = lastSequence(run);
        Http.Answer resync = http.post("/apis/v1beta1/workflows", workflow.toString());

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{}");
        assertThat(first.token()).isEqualTo(run + ":" + written);
        assertThat(payloads(events(run), TaskCreated.class)).hasSize(6);
        assertThat(resync.status()).isEqualTo(200);
        assertThat(lastSequence(run)).isEqualTo(written);
    }

    @Test
    void overHttpARefusedReportIsKfpsErrorShapeAndWritesNothing() {
        String run = createRun();
        ObjectNode badPhase = workflow("three-steps.json", run);
        node(badPhase, TRAIN).put("phase", "Exploded");
        Http http = new Http(httpPort);

        Http.Answer invalid = http.post("/apis/v2beta1/workflows", JSON.valueToTree(badPhase.toString()).toString());
        Http.Answer wrongType = http.post("/apis/v2beta1/workflows", "42");
        Http.Answer unknown = http.post("/apis/v1beta1/workflows",
                workflow("three-steps.json", UUID.randomUUID().toString()).toString());
        Http.Answer scheduled = http.post("/apis/v2beta1/scheduledworkflows", "\"{\\\"metadata\\\": {}}\"");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("code").asInt()).isEqualTo(3);
        assertThat(invalid.json().get("message").asText()).contains("status.nodes." + TRAIN + ".phase");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("message").asText()).contains("workflow: wrong type");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asInt()).isEqualTo(5);
        assertThat(scheduled.status()).isEqualTo(400);
        assertThat(scheduled.json().get("message").asText()).contains("metadata.uid");
        assertThat(lastSequence(run)).isZero();
    }

    @Test
    void overHttpAnIdempotencyKeyUsedForAnotherReportIsRefused() {
        String run = createRun();
        ObjectNode workflow = workflow("three-steps.json", run);
        ObjectNode other = workflow.deepCopy();
        node(other, TRAIN).put("phase", "Succeeded");
        Http http = new Http(httpPort);

        Http.Answer first = http.post("/apis/v2beta1/workflows", workflow.toString(), "Idempotency-Key", "report-1");
        Http.Answer reused = http.post("/apis/v2beta1/workflows", other.toString(), "Idempotency-Key", "report-1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(payloads(events(run), TaskUpdated.class)).isEmpty();
    }

    @Test
    void v1ReportMetricsOverHttpIsTheGatewaysPath() {
        String run = createRun();

        Http.Answer answer = new Http(httpPort).post("/apis/v1beta1/runs/" + run + ":reportMetrics", """
                {"run_id": "%s", "metrics": [{"name": "accuracy", "node_id": "%s", "number_value": 0.91}]}"""
                .formatted(run, TRAIN));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/results/0/status").asText()).isEqualTo("OK");
        assertThat(payloads(events(run), MetricsReported.class)).hasSize(1);
    }

    // ---- the task API over gRPC (KFP's next-generation drivers and launchers)

    @Test
    void tasksCreatedAndUpdatedOverGrpcFollowTheTaskRules() {
        String run = createRun();
        kubeflow.pipelines.backend.api.v2beta1.RunServiceGrpc.RunServiceBlockingStub tasks =
                kubeflow.pipelines.backend.api.v2beta1.RunServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(30, TimeUnit.SECONDS);

        PipelineTask created = tasks.createTask(kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.CreateTaskRequest.newBuilder().setRunId(run)
                .setTask(PipelineTask.newBuilder().setName("train").setDisplayName("train")
                        .setType(PipelineTask.TaskType.RUNTIME).setState(PipelineTask.TaskState.RUNNING))
                .build());
        PipelineTask updated = tasks.updateTask(kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.UpdateTaskRequest.newBuilder().setRunId(run)
                .setTaskId(created.getTaskId())
                .setTask(PipelineTask.newBuilder().setState(PipelineTask.TaskState.SUCCEEDED)).build());
        long written = lastSequence(run);
        kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.UpdateTasksBulkResponse bulk = tasks.updateTasksBulk(kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.UpdateTasksBulkRequest
                .newBuilder().setRunId(run).putTasks(created.getTaskId(), PipelineTask.newBuilder()
                        .setState(PipelineTask.TaskState.SUCCEEDED).build()).build());

        assertThat(created.getTaskId()).isNotEmpty();
        assertThat(created.getRunId()).isEqualTo(run);
        assertThat(updated.getState()).isEqualTo(PipelineTask.TaskState.SUCCEEDED);
        assertThat(updated.getName()).isEqualTo("train");
        assertThat(updated.getStateHistoryList()).extracting(PipelineTask.TaskStatus::getState)
                .containsExactly(PipelineTask.TaskState.RUNNING, PipelineTask.TaskState.SUCCEEDED);
        assertThat(bulk.getTasksMap().get(created.getTaskId()).getState())
                .isEqualTo(PipelineTask.TaskState.SUCCEEDED);
        assertThat(lastSequence(run)).isEqualTo(written);
        assertThatThrownBy(() -> tasks.updateTask(kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.UpdateTaskRequest.newBuilder().setRunId(run)
                .setTaskId(created.getTaskId())
                .setTask(PipelineTask.newBuilder().setState(PipelineTask.TaskState.RUNNING)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
        assertThatThrownBy(() -> tasks.createTask(kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.CreateTaskRequest.newBuilder().setRunId(run)
                .setTask(PipelineTask.newBuilder().setName("x".repeat(300))).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("name");
                });
        assertThat(lastSequence(run)).isEqualTo(written);
    }

    @Test
    void aNulOrATimeOutsideTheStorableRangeOverGrpcIsInvalidAndWritesNothing() {
        String run = createRun();
        kubeflow.pipelines.backend.api.v2beta1.RunServiceGrpc.RunServiceBlockingStub tasks =
                kubeflow.pipelines.backend.api.v2beta1.RunServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(30, TimeUnit.SECONDS);
        long written = lastSequence(run);
        com.google.protobuf.Timestamp year10000 = com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(java.time.Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond()).build();
        ObjectNode nulName = workflow("three-steps.json", run);
        node(nulName, TRAIN).put("displayName", "tr\u0000ain");
        ObjectNode lateStart = workflow("three-steps.json", run);
        node(lateStart, TRAIN).put("startedAt", "+10000-01-01T00:00:00Z");

        assertInvalid(nulName.toString(), "display");
        assertInvalid(lateStart.toString(), "time");
        assertInvalidCall(() -> tasks.createTask(kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.CreateTaskRequest
                .newBuilder().setRunId(run).setTask(PipelineTask.newBuilder().setName("tr\u0000ain")).build()),
                "name");
        assertInvalidCall(() -> tasks.createTask(kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.CreateTaskRequest
                .newBuilder().setRunId(run).setTask(PipelineTask.newBuilder().setName("train")
                        .setCreateTime(year10000)).build()), "create_time");
        assertInvalidCall(() -> runV1.reportRunMetricsV1(RunOuterClass.ReportRunMetricsRequest.newBuilder()
                .setRunId(run).addMetrics(RunOuterClass.RunMetric.newBuilder().setName("acc\u0000")
                        .setNodeId("n").setNumberValue(0.9)).build()), "name");
        assertThat(lastSequence(run)).as("events written by refused calls").isEqualTo(written);
    }

    static void assertInvalidCall(Runnable call, String named) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains(named);
        });
    }

    @Test
    void healthzOverGrpcAnswersWhatTheHttpHealthzAnswers() throws Exception {
        Http.Answer http = new Http(httpPort).send("GET", "/apis/v2beta1/healthz", null);

        api.Healthz.GetHealthzResponse v1 = api.HealthzServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS).getHealthz(com.google.protobuf.Empty.getDefaultInstance());
        kubeflow.pipelines.backend.api.v2beta1.Healthz.GetHealthzResponse v2 =
                kubeflow.pipelines.backend.api.v2beta1.HealthzServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(30, TimeUnit.SECONDS).getHealthz(com.google.protobuf.Empty.getDefaultInstance());

        assertThat(http.status()).isEqualTo(200);
        assertThat(v1.getMultiUser()).isEqualTo(http.json().get("multi_user").asBoolean());
        assertThat(v2.getMultiUser()).isEqualTo(http.json().get("multi_user").asBoolean());
        assertThat(v2.getPipelineStore()).isEqualTo(http.json().get("pipeline_store").asText()).isNotEmpty();
    }

    // ---- helpers

    void report(JsonNode workflow) {
        reportV1.reportWorkflowV1(api.Report.ReportWorkflowRequest.newBuilder().setWorkflow(workflow.toString())
                .build());
    }

    void assertInvalid(String workflow, String named) {
        assertThatThrownBy(() -> reportV1.reportWorkflowV1(api.Report.ReportWorkflowRequest.newBuilder()
                .setWorkflow(workflow).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains(named);
                });
    }

    String createRun() {
        Http.Answer created = new Http(httpPort).post("/apis/v2beta1/runs",
                "{\"display_name\": \"run\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}");
        assertThat(created.status()).isEqualTo(200);
        return created.json().get("run_id").asText();
    }

    static ObjectNode workflow(String fixture, String runId) {
        try (InputStream in = WorkflowReportGrpcTest.class.getResourceAsStream("/workflows/" + fixture)) {
            ObjectNode workflow = (ObjectNode) JSON.readTree(in);
            ((ObjectNode) workflow.at("/metadata/labels")).put("pipeline/runid", runId);
            return workflow;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode node(ObjectNode workflow, String id) {
        return (ObjectNode) workflow.get("status").get("nodes").get(id);
    }

    List<DomainEventMessage<?>> events(String run) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        storageEngine.readEvents(run).asStream().forEach(events::add);
        return events;
    }

    static <T> List<T> payloads(List<DomainEventMessage<?>> events, Class<T> type) {
        return events.stream().map(DomainEventMessage::getPayload).filter(type::isInstance).map(type::cast).toList();
    }

    long lastSequence(String run) {
        return storageEngine.lastSequenceNumberFor(run).orElseThrow();
    }
}
