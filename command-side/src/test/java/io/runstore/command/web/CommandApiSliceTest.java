package io.runstore.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.api.ConsistencyToken;
import io.runstore.api.task.Task;
import io.runstore.command.config.CommandSideProperties;
import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.Commands;
import io.runstore.command.run.CreateTask;
import io.runstore.command.run.MetricsWritten;
import io.runstore.command.run.ReportMetrics;
import io.runstore.command.run.TaskWritten;
import io.runstore.command.run.TasksWritten;
import io.runstore.command.run.UpdateTask;
import io.runstore.command.run.UpdateTasks;
import io.runstore.command.run.Written;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskState;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP side of the command API without a database: how requests map to commands and answers, and that invalid
 * input is refused naming the field before any command is sent.
 */
@WebMvcTest(properties = "runstore.command.max-request-size=64KB")
@EnableConfigurationProperties(CommandSideProperties.class)
@ActiveProfiles("command")
@Import({ApiJsonConfig.class, TaskRequests.class})
class CommandApiSliceTest {

    private static final String RUN = "run-1";
    private static final String TASKS = "/apis/v2beta1/runs/" + RUN + "/tasks";

    @Autowired
    MockMvc http;
    @Autowired
    ObjectMapper json;
    @Autowired
    RequestMappingHandlerMapping mappings;
    @MockitoBean
    io.runstore.command.workflow.WorkflowReports workflowReports;
    @MockitoBean
    Commands commands;
    @MockitoBean
    io.runstore.command.experiment.ExperimentRuns experimentRuns;

    // ---- validation: 400 naming the field, nothing sent

    @Test
    void reportStateRequiresAState() throws Exception {
        assertRefused(post("/apis/v2beta1/runs/" + RUN + ":reportState"), "{}", 400, "state is required");
    }

    @Test
    void reportStateRefusesAnUnknownState() throws Exception {
        assertRefused(post("/apis/v2beta1/runs/" + RUN + ":reportState"), "{\"state\": \"FLYING\"}", 400, "state");
    }

    @Test
    void taskInputsMustBeAnObject() throws Exception {
        assertRefused(post(TASKS), "{\"name\": \"train\", \"inputs\": [1]}", 400, "inputs");
    }

    @Test
    void aTaskBodyCannotNameAnotherRun() throws Exception {
        assertRefused(post(TASKS), "{\"run_id\": \"run-2\"}", 400, "run_id");
    }

    @Test
    void aPatchCannotNameAnotherTask() throws Exception {
        assertRefused(patch(TASKS + "/t-1"), "{\"task_id\": \"t-2\"}", 400, "task_id");
    }

    @Test
    void aWrongTypeIsNamed() throws Exception {
        assertRefused(patch(TASKS + "/t-1"), "{\"state\": 5, \"name\": 3}", 400, "name");
    }

    @Test
    void aBatchNeedsTasks() throws Exception {
        assertRefused(post(TASKS + ":batchUpdate"), "{\"tasks\": {}}", 400, "tasks");
    }

    @Test
    void aBatchNamesTheTaskAndFieldAtFault() throws Exception {
        assertRefused(post(TASKS + ":batchUpdate"), "{\"tasks\": {\"t-1\": {\"name\": \"" + "n".repeat(256) + "\"}}}",
                400, "tasks[t-1].name");
    }

    @Test
    void aBatchOfMoreThanAThousandTasksIsTooLarge() throws Exception {
        String tasks = IntStream.rangeClosed(1, 1001).mapToObj(i -> "\"t-" + i + "\": {}")
                .collect(Collectors.joining(","));
        assertRefused(post(TASKS + ":batchUpdate"), "{\"tasks\": {" + tasks + "}}", 413, "at most 1000");
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() throws Exception {
        String big = "{\"name\": \"" + "x".repeat(70 * 1024) + "\"}";
        assertRefused(post(TASKS), big, 413, "larger than the limit");
    }

    @Test
    void aMalformedIdempotencyKeyIsRefused() throws Exception {
        assertRefused(post("/apis/v2beta1/runs/" + RUN + ":archive").header("Idempotency-Key", "has space"), "",
                400, "Idempotency-Key");
    }

    @Test
    void aNullMetricIsRefused() throws Exception {
        assertRefused(post("/apis/v2beta1/runs/" + RUN + ":reportMetrics"), "{\"metrics\": [null]}", 400,
                "metrics[0]");
    }

    // ---- mapping: requests to commands, results to answers

    @Test
    void createTaskSendsCreateTaskUnderAServerChosenId() throws Exception {
        doReturn(new TaskWritten(RUN, 1, "t-new", answer("t-new", "train", TaskState.RUNNING))).when(commands)
                .send(any(), any());

        http.perform(post(TASKS).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"train\", \"state\": \"RUNNING\", \"scope_path\": \"root.train\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string(ConsistencyToken.HEADER, RUN + ":1"))
                .andExpect(header().string("Location", TASKS + "/t-new"))
                .andExpect(jsonPath("$.task_id").value("t-new"))
                .andExpect(jsonPath("$.run_id").value(RUN))
                .andExpect(jsonPath("$.state").value("RUNNING"));

        ArgumentCaptor<CreateTask> sent = ArgumentCaptor.forClass(CreateTask.class);
        verify(commands).send(sent.capture(), any());
        assertThat(UUID.fromString(sent.getValue().taskId())).isNotNull();
        assertThat(sent.getValue().task().scopePath()).containsExactly("root", "train");
    }

    @Test
    void patchSendsOnlyTheFieldsPresent() throws Exception {
        doReturn(new TaskWritten(RUN, 4, "t-1", answer("t-1", "train", TaskState.SUCCEEDED))).when(commands)
                .send(any(), any());

        http.perform(patch(TASKS + "/t-1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"state\": \"SUCCEEDED\", \"end_time\": \"2026-01-01T00:00:00.1234567Z\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string(ConsistencyToken.HEADER, RUN + ":4"))
                .andExpect(jsonPath("$.name").value("train"));

        ArgumentCaptor<UpdateTask> sent = ArgumentCaptor.forClass(UpdateTask.class);
        verify(commands).send(sent.capture(), any());
        TaskDetails changes = sent.getValue().changes();
        assertThat(changes.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(changes.endTime()).hasToString("2026-01-01T00:00:00.123456Z");
        assertThat(changes.name()).isNull();
        assertThat(changes.pods()).isNull();
    }

    @Test
    void batchUpdateSendsOneCommandForAllTasks() throws Exception {
        doReturn(new TasksWritten(RUN, 7, Map.of("t-1", answer("t-1", "a", TaskState.SUCCEEDED)))).when(commands)
                .send(any(), any());

        http.perform(post(TASKS + ":batchUpdate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tasks\": {\"t-1\": {\"state\": \"SUCCEEDED\"}, \"t-2\": {\"name\": \"b\"}}}"))
                .andExpect(status().isOk())
                .andExpect(header().string(ConsistencyToken.HEADER, RUN + ":7"))
                .andExpect(jsonPath("$.tasks.t-1.state").value("SUCCEEDED"));

        ArgumentCaptor<UpdateTasks> sent = ArgumentCaptor.forClass(UpdateTasks.class);
        verify(commands).send(sent.capture(), any());
        assertThat(sent.getValue().changes()).containsOnlyKeys("t-1", "t-2");
    }

    @Test
    void reportMetricsAnswersEachMetric() throws Exception {
        doReturn(new MetricsWritten(RUN, 2, java.util.List.of(new io.runstore.command.run.MetricResult(
                "accuracy", "train", io.runstore.command.run.MetricResult.Status.OK, null)))).when(commands)
                .send(any(), any());

        http.perform(post("/apis/v2beta1/runs/" + RUN + ":reportMetrics").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"metrics\": [{\"name\": \"accuracy\", \"node_id\": \"train\", \"number_value\": 0.9,"
                                + " \"format\": \"PERCENTAGE\"}]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].metric_name").value("accuracy"))
                .andExpect(jsonPath("$.results[0].metric_node_id").value("train"))
                .andExpect(jsonPath("$.results[0].status").value("OK"));

        ArgumentCaptor<ReportMetrics> sent = ArgumentCaptor.forClass(ReportMetrics.class);
        verify(commands).send(sent.capture(), any());
        assertThat(sent.getValue().metrics().get(0).numberValue()).isEqualTo(0.9);
    }

    @Test
    void theIdempotencyKeyIsTheCommandIdAndTheRequestIsFingerprinted() throws Exception {
        doReturn(new RunWrittenStub(RUN, 3)).when(commands).send(any(), any());
        ArgumentCaptor<CommandOrigin> origins = ArgumentCaptor.forClass(CommandOrigin.class);

        http.perform(post("/apis/v2beta1/runs/" + RUN + ":archive").header("Idempotency-Key", "key-1"));
        http.perform(post("/apis/v2beta1/runs/" + RUN + ":archive").header("Idempotency-Key", "key-1"));
        http.perform(post("/apis/v2beta1/runs/" + RUN + ":unarchive").header("Idempotency-Key", "key-1"));
        http.perform(post("/apis/v2beta1/runs/" + RUN + ":archive"));

        verify(commands, org.mockito.Mockito.times(4)).send(any(), origins.capture());
        var sent = origins.getAllValues();
        assertThat(sent.get(0).commandId()).isEqualTo("key-1");
        assertThat(sent.get(0).fingerprint()).hasSize(64).isEqualTo(sent.get(1).fingerprint());
        assertThat(sent.get(2).fingerprint()).isNotEqualTo(sent.get(0).fingerprint());
        assertThat(sent.get(3).keyed()).isFalse();
        assertThat(UUID.fromString(sent.get(3).commandId())).isNotNull();
    }

    @Test
    void anUnknownRunIsNotFound() throws Exception {
        doThrow(new AggregateNotFoundException("run-9", "no events")).when(commands).send(any(), any());

        http.perform(post("/apis/v2beta1/runs/run-9:terminate"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value(5))
                .andExpect(jsonPath("$.message").value("run run-9 not found"));
    }

    @Test
    void anUnreachableDatabaseIsUnavailableWithRetryAfter() throws Exception {
        doThrow(new CannotCreateTransactionException("no connection")).when(commands).send(any(), any());

        http.perform(post("/apis/v2beta1/runs/" + RUN + ":retry"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.code").value(14));
    }

    // ---- the published API document

    @Test
    void everyCommandRouteIsInThePublishedDocument() throws Exception {
        JsonNode paths = json.readTree(http.perform(get("/apis/v2beta1/openapi.json")).andReturn().getResponse()
                .getContentAsString()).get("paths");
        int routes = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            if (!mapping.getValue().getBeanType().getPackageName().startsWith("io.runstore.command.")
                    || mapping.getValue().getBeanType() == OpenApiController.class) {
                continue;
            }
            for (String path : mapping.getKey().getPatternValues()) {
                for (var method : mapping.getKey().getMethodsCondition().getMethods()) {
                    routes++;
                    JsonNode operation = paths.path(path).path(method.name().toLowerCase());
                    assertThat(operation.isObject()).as(method + " " + path).isTrue();
                    assertThat(operation.get("parameters").toString()).as(method + " " + path)
                            .contains("#/parameters/IdempotencyKey");
                    assertThat(operation.at("/responses/200/headers").has(ConsistencyToken.HEADER)).isTrue();
                }
            }
        }
        assertThat(routes).isEqualTo(20);
    }

    private void assertRefused(MockHttpServletRequestBuilder request, String body, int status, String named)
            throws Exception {
        MvcResult result = http.perform(request.contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(status);
        assertThat(json.readTree(result.getResponse().getContentAsString()).get("message").asText()).contains(named);
        verifyNoInteractions(commands);
    }

    private static Task answer(String taskId, String name, TaskState state) {
        return new Task(name, null, taskId, RUN, null, null, null, null, state, null,
                java.util.List.of(new Task.TaskStatus(java.time.Instant.parse("2026-01-01T00:00:00Z"), state)), null,
                null, null, null, null, null, null);
    }

    /** Any run write result (the real one is package-private in run/). */
    record RunWrittenStub(String runId, long sequence) implements Written {
    }
}
