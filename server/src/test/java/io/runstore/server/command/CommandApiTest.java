package io.runstore.server.command;

import io.micrometer.core.instrument.MeterRegistry;
import io.runstore.server.RunstoreApplication;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.runstore.eventstore.schema.Tables.EVENT_SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command API end to end over HTTP, once per database: every endpoint and rule, idempotent retries racing the
 * original, concurrent task updates in one process and in two, snapshots. Every refusal is checked to leave no event.
 */
abstract class CommandApiTest {

    static final String RUNS = "/apis/v2beta1/runs";

    @LocalServerPort
    int port;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    @Qualifier("runCache")
    Cache runCache;
    @Autowired
    Environment environment;
    @Autowired
    DSLContext dsl;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ConfigurableApplicationContext context;

    Http http;

    static void useDatabase(DynamicPropertyRegistry registry, DatabaseKind kind) {
        TestDatabase database = TestDatabases.create(kind);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("runstore.snapshot.threshold", () -> "5");
        registry.add("runstore.command.max-request-size", () -> "1MB");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    // ---- what a request costs besides its work

    @Test
    void aWriteIsTimedOnceAndPublishesNoRequestHandledEvent() {
        List<ServletRequestHandledEvent> published = new CopyOnWriteArrayList<>();
        context.addApplicationListener(event -> {
            if (event instanceof ServletRequestHandledEvent handled) {
                published.add(handled);
            }
        });

        String run = createRun();
        assertThat(reportState(run, "RUNNING").status()).isEqualTo(200);

        assertThat(meters.find("http.server.requests").timers()).isNotEmpty();
        assertThat(meters.find("http.server.requests.active").longTaskTimers()).isEmpty();
        assertThat(published).isEmpty();
    }

    // ---- runs

    @Test
    void archiveAndUnarchiveFlipTheStorageStateAndAnswerWithTheToken() {
        String run = createRun();

        Http.Answer archived = http.post(RUNS + "/" + run + ":archive", null);
        Http.Answer again = http.post(RUNS + "/" + run + ":archive", null);
        Http.Answer unarchived = http.post(RUNS + "/" + run + ":unarchive", null);

        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.body()).isEqualTo("{}");
        assertThat(archived.token()).isEqualTo(run + ":1");
        assertThat(again.token()).isEqualTo(run + ":1");
        assertThat(unarchived.token()).isEqualTo(run + ":2");
        assertThat(eventTypes(run)).containsExactly("RunCreated", "RunArchived", "RunUnarchived");
    }

    @Test
    void terminateCancelsARunAndAFinishedRunCannotBeTerminated() {
        String run = createRun();
        reportState(run, "RUNNING");

        assertThat(http.post(RUNS + "/" + run + ":terminate", null).status()).isEqualTo(200);
        reportState(run, "CANCELED");
        Http.Answer refused = http.post(RUNS + "/" + run + ":terminate", null);

        assertRefusedWithoutEvent(run, refused, 400, "is CANCELED");
        assertThat(refused.json().get("code").asInt()).as("KFP: INVALID_ARGUMENT").isEqualTo(3);
        assertThat(eventTypes(run)).containsExactly("RunCreated", "RunStateReported", "RunTerminationRequested",
                "RunStateReported");
    }

    @Test
    void retryReopensAFailedRunAsPendingAndOnlyThatOne() {
        String run = createRun();
        Http.Answer notFailed = http.post(RUNS + "/" + run + ":retry", null);
        assertRefusedWithoutEvent(run, notFailed, 409, "is PENDING");
        assertThat(notFailed.json().get("code").asInt()).as("KFP: ABORTED").isEqualTo(10);
        reportState(run, "FAILED");

        Http.Answer retried = http.post(RUNS + "/" + run + ":retry", null);

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.token()).isEqualTo(run + ":2");
        assertThat(eventTypes(run)).endsWith("RunRetried");
        assertThat(reportState(run, "RUNNING").status()).isEqualTo(200);
    }

    @Test
    void aFinishedRunKeepsItsStateAndTheAnswerNamesIt() {
        String run = createRun();
        reportState(run, "SUCCEEDED");

        Http.Answer refused = http.post(RUNS + "/" + run + ":reportState", "{\"state\": \"RUNNING\"}");

        assertRefusedWithoutEvent(run, refused, 400, "is SUCCEEDED");
        assertThat(refused.json().get("code").asInt()).as("FAILED_PRECONDITION, which grpc-gateway maps to 400")
                .isEqualTo(9);
    }

    @Test
    void reportStateRecordsStateErrorAndTime() {
        String run = createRun();

        Http.Answer reported = http.post(RUNS + "/" + run + ":reportState", """
                {"state": "FAILED", "error": {"code": 2, "message": "OOMKilled"},
                 "update_time": "2026-03-01T12:00:00.1234567Z"}""");

        assertThat(reported.status()).isEqualTo(200);
        DomainEventMessage<?> event = events(run).get(1);
        assertThat(event.getPayload().toString()).contains("FAILED", "OOMKilled", "2026-03-01T12:00:00.123456Z");
    }

    @Test
    void aDeletedRunIsGoneForEveryFurtherCommand() {
        String run = createRun();

        Http.Answer deleted = http.delete(RUNS + "/" + run);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.token()).isEqualTo(run + ":1");
        assertRefusedWithoutEvent(run, http.post(RUNS + "/" + run + ":archive", null), 404, run);
        assertRefusedWithoutEvent(run, http.delete(RUNS + "/" + run), 404, run);
        assertRefusedWithoutEvent(run, http.post(RUNS + "/" + run + "/tasks", "{}"), 404, run);
        assertThat(eventTypes(run)).containsExactly("RunCreated", "RunDeleted");
    }

    @Test
    void anUnknownRunIsNotFoundAndNothingIsWritten() {
        long before = allEvents();

        Http.Answer answer = http.post(RUNS + "/no-such-run:terminate", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.message()).contains("no-such-run");
        assertThat(http.patch(RUNS + "/no-such-run/tasks/t-1", "{}").status()).isEqualTo(404);
        assertThat(allEvents()).isEqualTo(before);
    }

    // ---- tasks

    @Test
    void tasksAreCreatedUnderServerIdsAndPatchedFieldByField() {
        String run = createRun();
        Http.Answer root = http.post(RUNS + "/" + run + "/tasks",
                "{\"name\": \"root\", \"type\": \"ROOT\", \"state\": \"RUNNING\"}");
        String rootId = root.json().get("task_id").asText();
        Http.Answer child = http.post(RUNS + "/" + run + "/tasks", """
                {"name": "train", "display_name": "Train", "type": "RUNTIME", "state": "RUNNING",
                 "parent_task_id": "%s", "pods": [{"name": "train-pod", "uid": "u-1", "type": "EXECUTOR"}],
                 "inputs": {"parameters": [{"parameter_key": "lr", "value": 0.1}]}}""".formatted(rootId));
        String childId = child.json().get("task_id").asText();

        Http.Answer patched = http.patch(RUNS + "/" + run + "/tasks/" + childId,
                "{\"state\": \"SUCCEEDED\", \"end_time\": \"2026-01-01T00:05:00Z\"}");

        assertThat(root.status()).isEqualTo(200);
        assertThat(rootId).isNotBlank().isNotEqualTo(childId);
        assertThat(child.token()).isEqualTo(run + ":2");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.token()).isEqualTo(run + ":3");
        assertThat(patched.json().get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(patched.json().get("name").asText()).isEqualTo("train");
        assertThat(patched.json().at("/pods/0/name").asText()).isEqualTo("train-pod");
        assertThat(patched.json().at("/inputs/parameters/0/value").asDouble()).isEqualTo(0.1);
        assertThat(patched.json().get("parent_task_id").asText()).isEqualTo(rootId);
        assertThat(eventTypes(run)).containsExactly("RunCreated", "TaskCreated", "TaskCreated", "TaskUpdated");
    }

    @Test
    void aTaskWriteAnswersTheTaskAsGetTaskReturnsIt() {
        String run = createRun();
        Http.Answer created = http.post(RUNS + "/" + run + "/tasks",
                "{\"name\": \"train\", \"state\": \"RUNNING\", \"scope_path\": \"root.train\"}");
        String task = created.json().get("task_id").asText();
        Http.Answer patched = http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"state\": \"SUCCEEDED\"}");
        Http.Answer batched = http.post(RUNS + "/" + run + "/tasks:batchUpdate",
                "{\"tasks\": {\"" + task + "\": {\"display_name\": \"Train\"}}}");

        Http.Answer read = http.send("GET", RUNS + "/" + run + "/tasks/" + task, null,
                "Runstore-Consistency-Token", batched.token());

        assertThat(read.status()).isEqualTo(200);
        assertThat(batched.json().at("/tasks/" + task)).isEqualTo(read.json());
        assertThat(read.json().get("state_history")).hasSize(2);
        assertThat(patched.json().get("state_history")).isEqualTo(read.json().get("state_history"));
        assertThat(created.json().get("state_history")).hasSize(1);
        assertThat(created.json().get("scope_path").asText()).isEqualTo("root.train");
    }

    /** Snapshots of the Run before it kept each task's state history (revision 1) are not read: the run is rebuilt. */
    @Test
    void aSnapshotOfAnEarlierShapeIsIgnoredAndTheRunRebuiltFromItsEvents() {
        String run = createRun();
        String task = http.post(RUNS + "/" + run + "/tasks", "{\"name\": \"train\", \"state\": \"RUNNING\"}")
                .json().get("task_id").asText();
        dsl.insertInto(EVENT_SNAPSHOT)
                .set(EVENT_SNAPSHOT.RUN_ID, run)
                .set(EVENT_SNAPSHOT.SEQUENCE_NUMBER, 1L)
                .set(EVENT_SNAPSHOT.EVENT_ID, "snapshot-" + run)
                .set(EVENT_SNAPSHOT.AGGREGATE_TYPE, "Run")
                .set(EVENT_SNAPSHOT.PAYLOAD_TYPE, "io.runstore.command.run.Run")
                .set(EVENT_SNAPSHOT.PAYLOAD, """
                        {"runId": "%s", "state": "PENDING", "storageState": "AVAILABLE",
                         "tasks": {"tasks": {"%s": {"name": "train", "state": "RUNNING"}}, "reopened": []},
                         "metrics": {"accepted": []}}""".formatted(run, task))
                .set(EVENT_SNAPSHOT.METADATA, "{}")
                .set(EVENT_SNAPSHOT.OCCURRED_AT, 0L)
                .execute();
        runCache.removeAll();

        Http.Answer patched = http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"state\": \"SUCCEEDED\"}");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("task_id").asText()).isEqualTo(task);
        assertThat(patched.json().get("state_history")).hasSize(2);
    }

    @Test
    void taskRulesAnswerNamingTheStateAndWriteNothing() {
        String run = createRun();
        String task = createTask(run, "RUNNING");
        http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"state\": \"SUCCEEDED\"}");

        assertRefusedWithoutEvent(run, http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"state\": \"RUNNING\"}"),
                400, "is SUCCEEDED and cannot become RUNNING");
        assertRefusedWithoutEvent(run, http.patch(RUNS + "/" + run + "/tasks/nope", "{\"name\": \"x\"}"), 404,
                "task nope not found");
        assertRefusedWithoutEvent(run, http.post(RUNS + "/" + run + "/tasks", "{\"parent_task_id\": \"nope\"}"), 400,
                "parent_task_id");
        assertRefusedWithoutEvent(run, http.post(RUNS + "/" + run + "/tasks", "{\"inputs\": 3}"), 400, "inputs");

        reportState(run, "FAILED");
        assertRefusedWithoutEvent(run, http.post(RUNS + "/" + run + "/tasks", "{\"name\": \"late\"}"), 400,
                "is FAILED");
    }

    @Test
    void batchUpdateChangesManyTasksInOneWriteOrNone() {
        String run = createRun();
        String first = createTask(run, "RUNNING");
        String second = createTask(run, "RUNNING");
        String third = createTask(run, "RUNNING");

        Http.Answer batch = http.post(RUNS + "/" + run + "/tasks:batchUpdate", """
                {"tasks": {"%s": {"state": "SUCCEEDED"}, "%s": {"state": "FAILED"}, "%s": {"display_name": "x"}}}"""
                .formatted(first, second, third));
        Http.Answer refused = http.post(RUNS + "/" + run + "/tasks:batchUpdate", """
                {"tasks": {"%s": {"display_name": "y"}, "%s": {"state": "RUNNING"}}}""".formatted(third, first));

        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.token()).isEqualTo(run + ":6");
        assertThat(batch.json().at("/tasks/" + first + "/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(batch.json().at("/tasks/" + third + "/display_name").asText()).isEqualTo("x");
        assertRefusedWithoutEvent(run, refused, 400, "is SUCCEEDED");
        assertThat(eventTypes(run)).containsExactly("RunCreated", "TaskCreated", "TaskCreated", "TaskCreated",
                "TaskUpdated", "TaskUpdated", "TaskUpdated");
    }

    @Test
    void tooLargeBatchesAndBodiesAreRefused() {
        String run = createRun();
        String tasks = IntStream.range(0, 1001).mapToObj(i -> "\"t-" + i + "\": {\"state\": \"RUNNING\"}")
                .collect(Collectors.joining(","));
        String big = "{\"name\": \"" + "x".repeat(1024 * 1024) + "\"}";

        assertRefusedWithoutEvent(run, http.post(RUNS + "/" + run + "/tasks:batchUpdate", "{\"tasks\": {" + tasks
                + "}}"), 413, "at most 1000");
        assertRefusedWithoutEvent(run, http.post(RUNS + "/" + run + "/tasks", big), 413, "limit");
    }

    // ---- metrics

    @Test
    void metricsFollowKfpV1Semantics() {
        String run = createRun();
        String metric = "{\"name\": \"accuracy\", \"node_id\": \"train\", \"number_value\": 0.9, \"format\": \"RAW\"}";

        Http.Answer first = http.post(RUNS + "/" + run + ":reportMetrics", "{\"metrics\": [" + metric
                + ", {\"name\": \"1bad\", \"node_id\": \"train\"}]}");
        Http.Answer second = http.post(RUNS + "/" + run + ":reportMetrics", "{\"metrics\": [" + metric + "]}");

        assertThat(first.json().at("/results/0/status").asText()).isEqualTo("OK");
        assertThat(first.json().at("/results/1/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(first.json().at("/results/1/message").asText()).contains("metric.name");
        assertThat(first.token()).isEqualTo(run + ":1");
        assertThat(second.json().at("/results/0/status").asText()).isEqualTo("DUPLICATE_REPORTING");
        assertThat(second.token()).isEqualTo(run + ":1");
        assertThat(eventTypes(run)).containsExactly("RunCreated", "MetricsReported");
    }

    @Test
    void aRunTakesAtMostFiftyMetrics() {
        String run = createRun();
        String metrics = IntStream.range(0, 51)
                .mapToObj(i -> "{\"name\": \"m" + i + "\", \"node_id\": \"train\", \"number_value\": " + i + "}")
                .collect(Collectors.joining(","));

        Http.Answer answer = http.post(RUNS + "/" + run + ":reportMetrics", "{\"metrics\": [" + metrics + "]}");

        assertThat(answer.json().at("/results/49/status").asText()).isEqualTo("OK");
        assertThat(answer.json().at("/results/50/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(answer.json().at("/results/50/message").asText()).contains("50");
    }

    // ---- idempotency

    @Test
    void aRetryWithTheSameKeyGetsTheFirstAnswerAndWritesNothing() {
        String run = createRun();
        String task = createTask(run, "RUNNING");
        String path = RUNS + "/" + run + "/tasks/" + task;

        Http.Answer first = http.patch(path, "{\"state\": \"SUCCEEDED\"}", "Idempotency-Key", "patch-" + task);
        http.patch(path, "{\"display_name\": \"later\"}");
        Http.Answer retry = http.patch(path, "{\"state\": \"SUCCEEDED\"}", "Idempotency-Key", "patch-" + task);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.token()).isEqualTo(first.token());
        assertThat(eventTypes(run)).containsExactly("RunCreated", "TaskCreated", "TaskUpdated", "TaskUpdated");
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefused() {
        String run = createRun();
        http.post(RUNS + "/" + run + ":archive", null, "Idempotency-Key", "k-" + run);

        Http.Answer refused = http.post(RUNS + "/" + run + ":unarchive", null, "Idempotency-Key", "k-" + run);

        assertRefusedWithoutEvent(run, refused, 422, "k-" + run);
    }

    @Test
    void aKeyedCreateCreatesOneRun() {
        String body = "{\"display_name\": \"once\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}";
        String key = "create-" + System.nanoTime();

        Http.Answer first = http.post(RUNS, body, "Idempotency-Key", key);
        Http.Answer retry = http.post(RUNS, body, "Idempotency-Key", key);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("run_id")).isEqualTo(first.json().get("run_id"));
        assertThat(retry.json().get("created_at")).isEqualTo(first.json().get("created_at"));
        assertThat(retry.token()).isEqualTo(first.token());
    }

    @Test
    void aRefusedKeyedCommandIsNotRememberedAndIsDecidedAgain() {
        String run = createRun();
        Http.Answer refused = http.post(RUNS + "/" + run + ":retry", null, "Idempotency-Key", "retry-" + run);
        reportState(run, "FAILED");

        Http.Answer again = http.post(RUNS + "/" + run + ":retry", null, "Idempotency-Key", "retry-" + run);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(again.status()).isEqualTo(200);
    }

    @Test
    void retriesRacingTheOriginalWriteOnceAndAllGetTheSameAnswer() throws Exception {
        String run = createRun();
        String task = createTask(run, "RUNNING");
        String path = RUNS + "/" + run + "/tasks/" + task;

        List<Http.Answer> answers = concurrently(8, i -> http.patch(path, "{\"state\": \"SUCCEEDED\"}",
                "Idempotency-Key", "race-" + task));

        assertThat(answers).extracting(Http.Answer::status).containsOnly(200);
        assertThat(answers).extracting(Http.Answer::body).containsOnly(answers.get(0).body());
        assertThat(answers).extracting(Http.Answer::token).containsOnly(run + ":2");
        assertThat(eventTypes(run)).containsExactly("RunCreated", "TaskCreated", "TaskUpdated");
    }

    @Test
    void createsRacingWithOneKeyCreateOneRun() throws Exception {
        String key = "create-race-" + System.nanoTime();
        String body = "{\"display_name\": \"race\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}";
        long runsBefore = allEventsOfType("RunCreated");

        List<Http.Answer> answers = concurrently(8, i -> http.post(RUNS, body, "Idempotency-Key", key));

        assertThat(answers).extracting(Http.Answer::status).containsOnly(200);
        assertThat(answers).extracting(answer -> answer.json().get("run_id").asText())
                .containsOnly(answers.get(0).json().get("run_id").asText());
        assertThat(allEventsOfType("RunCreated")).isEqualTo(runsBefore + 1);
    }

    // ---- reads on the write path

    /**
     * A new key is not looked up in the command log, and a PATCH's answer starts from the task as this server
     * answered it last: the request threads of a keyed task create and PATCH read neither the command log nor the
     * task's events (the group-commit thread writes both tables).
     */
    @Test
    void aKeyedTaskCreateAndPatchReadNeitherTheCommandLogNorTheTasksEvents() {
        String run = createRun();
        List<String> statements = statementsOfRequestThreads(() -> {
            String task = http.post(RUNS + "/" + run + "/tasks", """
                    {"name": "train", "state": "RUNNING", "inputs": {"parameters": {"lr": {"value": 0.1}}}}""",
                    "Idempotency-Key", "create-" + run).json().get("task_id").asText();
            Http.Answer patched = http.patch(RUNS + "/" + run + "/tasks/" + task, """
                    {"state": "SUCCEEDED", "outputs": {"parameters": {"loss": {"value": 0.25}}}}""",
                    "Idempotency-Key", "patch-" + run);

            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(patched.json().at("/inputs/parameters/lr/value").asDouble()).isEqualTo(0.1);
            assertThat(patched.json().at("/outputs/parameters/loss/value").asDouble()).isEqualTo(0.25);
            assertThat(patched.json().get("state_history")).hasSize(2);
        });

        assertThat(statements).as("the request threads' statements").isNotNull()
                .noneMatch(sql -> sql.contains("command_log"))
                .noneMatch(sql -> sql.contains("event_log"));
    }

    // ---- concurrency

    @Test
    void concurrentPatchesOfDifferentTasksAreAllKept() throws Exception {
        String run = createRun();
        List<String> tasks = IntStream.range(0, 24).mapToObj(i -> createTask(run, "RUNNING")).toList();

        List<Http.Answer> answers = concurrently(tasks.size(), i -> http.patch(RUNS + "/" + run + "/tasks/"
                + tasks.get(i), "{\"state\": \"SUCCEEDED\"}"));

        assertThat(answers).extracting(Http.Answer::status).containsOnly(200);
        Set<Long> sequences = answers.stream().map(Http.Answer::sequence).collect(Collectors.toCollection(TreeSet::new));
        assertThat(sequences).containsExactlyElementsOf(LongStream.rangeClosed(25, 48).boxed().toList());
        assertEveryTaskSucceeded(run, tasks);
    }

    @Test
    void concurrentPatchesThroughTwoServersAreAllKept() throws Exception {
        String run = createRun();
        List<String> tasks = IntStream.range(0, 24).mapToObj(i -> createTask(run, "RUNNING")).toList();
        try (ConfigurableApplicationContext other = secondServer()) {
            Http otherHttp = new Http(((WebServerApplicationContext) other).getWebServer().getPort());

            List<Http.Answer> answers = concurrently(tasks.size(), i -> (i % 2 == 0 ? http : otherHttp)
                    .patch(RUNS + "/" + run + "/tasks/" + tasks.get(i), "{\"state\": \"SUCCEEDED\"}"));

            assertThat(answers).extracting(Http.Answer::status).containsOnly(200);
            assertThat(answers).extracting(Http.Answer::sequence).doesNotHaveDuplicates();
            assertEveryTaskSucceeded(run, tasks);
            for (String task : tasks) {
                assertThat(otherHttp.patch(RUNS + "/" + run + "/tasks/" + task, "{\"state\": \"RUNNING\"}").status())
                        .isEqualTo(400);
            }
        }
    }

    @Test
    void aServerWhoseCachedRunIsStaleAnswersFromTheRunAsItIsNow() throws Exception {
        String run = createRun();
        String task = createTask(run, "RUNNING");
        try (ConfigurableApplicationContext other = secondServer()) {
            Http otherHttp = new Http(((WebServerApplicationContext) other).getWebServer().getPort());
            assertThat(otherHttp.patch(RUNS + "/" + run + "/tasks/" + task, "{\"display_name\": \"cached\"}")
                    .status()).as("the other server caches the run").isEqualTo(200);
            assertThat(http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"state\": \"SUCCEEDED\"}").status())
                    .isEqualTo(200);

            Http.Answer backwards = otherHttp.patch(RUNS + "/" + run + "/tasks/" + task, "{\"state\": \"RUNNING\"}",
                    "Idempotency-Key", "stale-" + run);
            assertThat(backwards.status()).as(backwards.body()).isEqualTo(400);
            assertThat(backwards.body()).contains("SUCCEEDED");
        }
    }

    // ---- loading

    @Test
    void aRunIsSnapshottedAndLoadsFromItsSnapshotWithItsRules() {
        String run = createRun();
        String task = createTask(run, "RUNNING");
        http.post(RUNS + "/" + run + ":reportMetrics",
                "{\"metrics\": [{\"name\": \"accuracy\", \"node_id\": \"train\", \"number_value\": 0.9}]}");
        for (int i = 0; i < 10; i++) {
            http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"display_name\": \"step " + i + "\"}");
        }
        http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"state\": \"SUCCEEDED\"}");

        assertThat(storageEngine.readSnapshot(run)).isPresent();
        assertThat(storageEngine.readSnapshot(run).orElseThrow().getSequenceNumber()).isGreaterThanOrEqualTo(5);
        runCache.removeAll();

        assertRefusedWithoutEvent(run, http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"state\": \"RUNNING\"}"),
                400, "is SUCCEEDED");
        Http.Answer duplicate = http.post(RUNS + "/" + run + ":reportMetrics",
                "{\"metrics\": [{\"name\": \"accuracy\", \"node_id\": \"train\", \"number_value\": 0.5}]}");
        assertThat(duplicate.json().at("/results/0/status").asText()).isEqualTo("DUPLICATE_REPORTING");
        Http.Answer renamed = http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"display_name\": \"last\"}");
        assertThat(renamed.sequence()).isEqualTo(lastSequence(run));
        assertThat(renamed.json().get("display_name").asText()).isEqualTo("last");
    }

    /**
     * The run keeps no task inputs or outputs: a PATCH that does not send them answers them from the task's events,
     * from the cache, from the events alone and from a snapshot alike; sending the same inputs again writes nothing.
     */
    @Test
    void aTaskAnswerCarriesItsInputsAndOutputsThoughTheRunKeepsOnlyTheirDigests() {
        String run = createRun();
        String task = http.post(RUNS + "/" + run + "/tasks", """
                {"name": "train", "state": "RUNNING",
                 "inputs": {"parameters": {"lr": {"value": 0.1}, "epochs": {"value": 3}}}}""")
                .json().get("task_id").asText();
        Http.Answer running = http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"display_name\": \"Train\"}");
        runCache.removeAll();
        Http.Answer done = http.patch(RUNS + "/" + run + "/tasks/" + task, """
                {"state": "SUCCEEDED", "outputs": {"parameters": {"loss": {"value": 0.25}}}}""");
        for (int i = 0; i < 5; i++) {
            http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"display_name\": \"Train " + i + "\"}");
        }
        assertThat(storageEngine.readSnapshot(run)).isPresent();
        runCache.removeAll();
        long before = lastSequence(run);
        Http.Answer same = http.patch(RUNS + "/" + run + "/tasks/" + task, """
                {"inputs": {"parameters": {"epochs": {"value": 3}, "lr": {"value": 0.1}}}}""");

        assertThat(running.json().at("/inputs/parameters/epochs/value").asInt()).isEqualTo(3);
        assertThat(done.json().at("/inputs/parameters/lr/value").asDouble()).isEqualTo(0.1);
        assertThat(done.json().at("/outputs/parameters/loss/value").asDouble()).isEqualTo(0.25);
        assertThat(done.json().at("/display_name").asText()).isEqualTo("Train");
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(same.sequence()).as("the same inputs in another order write nothing").isEqualTo(before);
        assertThat(lastSequence(run)).isEqualTo(before);
        assertThat(same.json().get("inputs")).isEqualTo(done.json().get("inputs"));
        assertThat(same.json().get("outputs")).isEqualTo(done.json().get("outputs"));
        assertThat(same.json().get("display_name").asText()).isEqualTo("Train 4");
        assertThat(same.json().get("state_history")).hasSize(2);
    }

    // ---- helpers

    String createRun() {
        Http.Answer created = http.post(RUNS,
                "{\"display_name\": \"run\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}");
        assertThat(created.status()).isEqualTo(200);
        return created.json().get("run_id").asText();
    }

    String createTask(String run, String state) {
        Http.Answer created = http.post(RUNS + "/" + run + "/tasks",
                "{\"name\": \"task\", \"type\": \"RUNTIME\", \"state\": \"" + state + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().get("task_id").asText();
    }

    Http.Answer reportState(String run, String state) {
        Http.Answer answer = http.post(RUNS + "/" + run + ":reportState", "{\"state\": \"" + state + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    void assertRefusedWithoutEvent(String run, Http.Answer answer, int status, String named) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.message()).contains(named);
        assertThat(answer.token()).isNull();
        long before = events(run).size();
        assertThat(events(run)).hasSize((int) before);
    }

    void assertEveryTaskSucceeded(String run, List<String> tasks) {
        List<String> updated = events(run).stream()
                .filter(event -> event.getPayloadType().getSimpleName().equals("TaskUpdated"))
                .map(event -> ((io.runstore.events.task.TaskUpdated) event.getPayload()).taskId())
                .toList();
        assertThat(updated).containsExactlyInAnyOrderElementsOf(tasks);
    }

    List<DomainEventMessage<?>> events(String run) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        storageEngine.readEvents(run).asStream().forEach(events::add);
        return events;
    }

    List<String> eventTypes(String run) {
        List<String> types = new ArrayList<>();
        for (DomainEventMessage<?> event : events(run)) {
            types.add(event.getPayloadType().getSimpleName());
        }
        return types;
    }

    long lastSequence(String run) {
        return storageEngine.lastSequenceNumberFor(run).orElseThrow();
    }

    long allEvents() {
        try (var events = storageEngine.readEvents(null, false)) {
            return events.count();
        }
    }

    long allEventsOfType(String type) {
        try (var events = storageEngine.readEvents(null, false)) {
            return events.filter(event -> event.getPayloadType().getSimpleName().equals(type)).count();
        }
    }

    /** The SQL that request threads (Tomcat's) ran while {@code requests} ran. */
    List<String> statementsOfRequestThreads(Runnable requests) {
        List<String> statements = new CopyOnWriteArrayList<>();
        ExecuteListenerProvider[] before = dsl.configuration().executeListenerProviders();
        ExecuteListenerProvider[] recording = Arrays.copyOf(before, before.length + 1);
        recording[before.length] = new DefaultExecuteListenerProvider(new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext context) {
                if (Thread.currentThread().getName().startsWith("http-nio")) {
                    statements.add(context.sql());
                }
            }
        });
        dsl.configuration().set(recording);
        try {
            requests.run();
        } finally {
            dsl.configuration().set(before);
        }
        return statements;
    }

    /** Runs {@code count} requests at once (released together) and returns their answers in request order. */
    static <T> List<T> concurrently(int count, IndexedCall<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return call.call(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A second server on the same database, playing the command role only: another process, another cache. */
    ConfigurableApplicationContext secondServer() {
        return new SpringApplicationBuilder(RunstoreApplication.class).profiles("command").run(
                "--server.port=0",
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                "--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""));
    }

    interface IndexedCall<T> {
        T call(int index) throws Exception;
    }
}
