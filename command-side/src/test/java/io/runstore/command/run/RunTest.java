package io.runstore.command.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.api.task.Task;
import io.runstore.events.metric.MetricFormat;
import io.runstore.events.metric.MetricsReported;
import io.runstore.events.metric.RunMetric;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RunArchived;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunDeleted;
import io.runstore.events.run.RunRetried;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RunTerminationRequested;
import io.runstore.events.run.RunUnarchived;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskType;
import io.runstore.events.task.TaskUpdated;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

/** The rules of a run, one behaviour per test: given past events, when a command, then events or a refusal. */
class RunTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00.123456Z");
    private static final Instant LATER = NOW.plusSeconds(60);
    private static final String RUN = "run-1";
    private static final PipelineVersionReference PIPELINE = new PipelineVersionReference("p-1", "v-1");
    private static final RunCreated CREATED = new RunCreated(RUN, "team-a", "exp-1", "train", "", PIPELINE, null, null,
            "", "", null, NOW, NOW);

    private AggregateTestFixture<Run> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Run.class);
        // remembers nothing: every answer here is folded from the events
        fixture.registerInjectableResource(new RecentTasks(0));
        fixture.registerInjectableResource((StoredEvents) (runId, sequences) -> {
            Map<Long, Object> payloads = new HashMap<>();
            fixture.getEventStore().readEvents(runId).asStream()
                    .filter(event -> sequences.contains(event.getSequenceNumber()))
                    .forEach(event -> payloads.put(event.getSequenceNumber(), event.getPayload()));
            return payloads;
        });
    }

    // ---- creation

    @Test
    void createRecordsRunCreatedScheduledAtCreation() {
        fixture.givenNoPriorActivity()
                .when(new CreateRun(RUN, "team-a", "exp-1", "train", "", PIPELINE, null, null, "", "", null, NOW))
                .expectSuccessfulHandlerExecution()
                .expectEvents(CREATED)
                .expectResultMessagePayload(new CreatedRun(RUN, 0, NOW));
    }

    @Test
    void createKeepsAnInlinePipelineSpec() {
        var spec = JsonNodeFactory.instance.objectNode().put("pipelineInfo", "demo");
        fixture.givenNoPriorActivity()
                .when(new CreateRun("run-2", "", "", "inline", "", null, spec, null, "", "", null, NOW))
                .expectEvents(new RunCreated("run-2", "", "", "inline", "", null, spec, null, "", "", null, NOW, NOW));
    }

    // ---- archive, unarchive

    @Test
    void archiveRecordsRunArchivedAndAnswersWithItsSequence() {
        fixture.given(CREATED)
                .when(new ArchiveRun(RUN, LATER))
                .expectEvents(new RunArchived(RUN, LATER))
                .expectResultMessagePayload(new RunWritten(RUN, 1));
    }

    @Test
    void archivingAnArchivedRunChangesNothing() {
        fixture.given(CREATED, new RunArchived(RUN, NOW))
                .when(new ArchiveRun(RUN, LATER))
                .expectNoEvents()
                .expectResultMessagePayload(new RunWritten(RUN, 1));
    }

    @Test
    void unarchiveRecordsRunUnarchived() {
        fixture.given(CREATED, new RunArchived(RUN, NOW))
                .when(new UnarchiveRun(RUN, LATER))
                .expectEvents(new RunUnarchived(RUN, LATER));
    }

    @Test
    void unarchivingAnAvailableRunChangesNothing() {
        fixture.given(CREATED)
                .when(new UnarchiveRun(RUN, LATER))
                .expectNoEvents();
    }

    // ---- terminate

    @Test
    void terminateAsksARunningRunToCancel() {
        fixture.given(CREATED, reported(RuntimeState.RUNNING))
                .when(new TerminateRun(RUN, LATER))
                .expectEvents(new RunTerminationRequested(RUN, LATER));
    }

    @Test
    void terminatingACancelingRunChangesNothing() {
        fixture.given(CREATED, new RunTerminationRequested(RUN, NOW))
                .when(new TerminateRun(RUN, LATER))
                .expectNoEvents();
    }

    @Test
    void cannotTerminateAFinishedRun() {
        fixture.given(CREATED, reported(RuntimeState.SUCCEEDED))
                .when(new TerminateRun(RUN, LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("is SUCCEEDED"));
    }

    // ---- retry

    @Test
    void retryReopensAFailedRun() {
        fixture.given(CREATED, reported(RuntimeState.FAILED))
                .when(new RetryRun(RUN, LATER))
                .expectEvents(new RunRetried(RUN, LATER));
    }

    @Test
    void retryReopensACanceledRun() {
        fixture.given(CREATED, new RunTerminationRequested(RUN, NOW), reported(RuntimeState.CANCELED))
                .when(new RetryRun(RUN, LATER))
                .expectEvents(new RunRetried(RUN, LATER));
    }

    @Test
    void cannotRetryARunThatDidNotFailOrStop() {
        fixture.given(CREATED, reported(RuntimeState.SUCCEEDED))
                .when(new RetryRun(RUN, LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(allOf(containsString("is SUCCEEDED"), containsString("FAILED or CANCELED")));
    }

    @Test
    void cannotRetryAnArchivedRun() {
        fixture.given(CREATED, reported(RuntimeState.FAILED), new RunArchived(RUN, NOW))
                .when(new RetryRun(RUN, LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("archived"));
    }

    @Test
    void aRetriedRunMayRunAgain() {
        fixture.given(CREATED, reported(RuntimeState.FAILED), new RunRetried(RUN, NOW))
                .when(new ReportRunState(RUN, RuntimeState.RUNNING, null, LATER))
                .expectEvents(new RunStateReported(RUN, RuntimeState.RUNNING, null, LATER));
    }

    // ---- delete

    @Test
    void deleteRecordsRunDeleted() {
        fixture.given(CREATED)
                .when(new DeleteRun(RUN, LATER))
                .expectEvents(new RunDeleted(RUN, LATER));
    }

    @Test
    void aDeletedRunIsNotFound() {
        fixture.given(CREATED, new RunDeleted(RUN, NOW))
                .when(new ArchiveRun(RUN, LATER))
                .expectNoEvents()
                .expectException(AggregateDeletedException.class);
    }

    // ---- reported state

    @Test
    void reportedStateIsRecordedWithItsError() {
        RpcStatus error = new RpcStatus(2, "pod evicted", null);
        fixture.given(CREATED)
                .when(new ReportRunState(RUN, RuntimeState.RUNNING, error, LATER))
                .expectEvents(new RunStateReported(RUN, RuntimeState.RUNNING, error, LATER));
    }

    @Test
    void reportingTheSameStateAgainChangesNothing() {
        fixture.given(CREATED, reported(RuntimeState.RUNNING))
                .when(new ReportRunState(RUN, RuntimeState.RUNNING, null, LATER))
                .expectNoEvents()
                .expectResultMessagePayload(new RunWritten(RUN, 1));
    }

    @Test
    void aFinishedRunCannotChangeState() {
        fixture.given(CREATED, reported(RuntimeState.SUCCEEDED))
                .when(new ReportRunState(RUN, RuntimeState.RUNNING, null, LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("is SUCCEEDED"));
    }

    @Test
    void aCancelingRunCanOnlyFinish() {
        fixture.given(CREATED, new RunTerminationRequested(RUN, NOW))
                .when(new ReportRunState(RUN, RuntimeState.RUNNING, null, LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("is CANCELING"));
    }

    @Test
    void aCancelingRunMayBecomeCanceled() {
        fixture.given(CREATED, new RunTerminationRequested(RUN, NOW))
                .when(new ReportRunState(RUN, RuntimeState.CANCELED, null, LATER))
                .expectEvents(new RunStateReported(RUN, RuntimeState.CANCELED, null, LATER));
    }

    // ---- tasks

    @Test
    void createTaskRecordsTaskCreated() {
        fixture.given(CREATED)
                .when(new CreateTask(RUN, "t-1", task("train", TaskState.RUNNING), LATER))
                .expectEvents(new TaskCreated(RUN, "t-1", task("train", TaskState.RUNNING), LATER))
                .expectResultMessagePayload(new TaskWritten(RUN, 1, "t-1",
                        answer("train", "t-1", TaskState.RUNNING, status(LATER, TaskState.RUNNING))));
    }

    @Test
    void cannotCreateATaskUnderAParentThatIsNotInTheRun() {
        TaskDetails child = new TaskDetails("child", null, "nope", null, null, null, null, null, null, null, null,
                null, null, null, null);
        fixture.given(CREATED)
                .when(new CreateTask(RUN, "t-1", child, LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("parent_task_id"));
    }

    @Test
    void cannotCreateATaskOfAFinishedRun() {
        fixture.given(CREATED, reported(RuntimeState.FAILED))
                .when(new CreateTask(RUN, "t-1", task("train", TaskState.RUNNING), LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("is FAILED"));
    }

    @Test
    void updateTaskRecordsOnlyTheFieldsPresent() {
        fixture.given(CREATED, taskCreated("t-1", TaskState.RUNNING))
                .when(new UpdateTask(RUN, "t-1", state(TaskState.SUCCEEDED), LATER))
                .expectEvents(new TaskUpdated(RUN, "t-1", state(TaskState.SUCCEEDED), LATER))
                .expectResultMessagePayload(new TaskWritten(RUN, 2, "t-1", answer("t-1", "t-1", TaskState.SUCCEEDED,
                        status(NOW, TaskState.RUNNING), status(LATER, TaskState.SUCCEEDED))));
    }

    @Test
    void cannotUpdateAnUnknownTask() {
        fixture.given(CREATED)
                .when(new UpdateTask(RUN, "t-9", state(TaskState.SUCCEEDED), LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("task t-9 not found"));
    }

    @Test
    void cannotUpdateATaskOfAFinishedRun() {
        fixture.given(CREATED, taskCreated("t-1", TaskState.RUNNING), reported(RuntimeState.SUCCEEDED))
                .when(new UpdateTask(RUN, "t-1", state(TaskState.SUCCEEDED), LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("is SUCCEEDED"));
    }

    @Test
    void aTaskStateCannotGoBackwards() {
        fixture.given(CREATED, taskCreated("t-1", TaskState.RUNNING), taskUpdated("t-1", TaskState.SUCCEEDED))
                .when(new UpdateTask(RUN, "t-1", state(TaskState.RUNNING), LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("task t-1 is SUCCEEDED and cannot become RUNNING"));
    }

    @Test
    void aFinishedTaskCannotTakeAnotherFinalState() {
        fixture.given(CREATED, taskCreated("t-1", TaskState.RUNNING), taskUpdated("t-1", TaskState.SUCCEEDED))
                .when(new UpdateTask(RUN, "t-1", state(TaskState.FAILED), LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class);
    }

    @Test
    void reportingTheSameTaskValuesAgainRecordsNothing() {
        fixture.given(CREATED, taskCreated("t-1", TaskState.RUNNING), taskUpdated("t-1", TaskState.SUCCEEDED))
                .when(new UpdateTask(RUN, "t-1", state(TaskState.SUCCEEDED), LATER))
                .expectNoEvents()
                .expectResultMessagePayload(new TaskWritten(RUN, 2, "t-1", answer("t-1", "t-1", TaskState.SUCCEEDED,
                        status(NOW, TaskState.RUNNING), status(NOW, TaskState.SUCCEEDED))));
    }

    @Test
    void anUpdateAnswersTheInputsTheTaskWasCreatedWithThoughTheRunDoesNotKeepThem() {
        TaskDetails created = withInputs(task("t-1", TaskState.RUNNING), inputs("lr", 0.1, "epochs", 3));
        fixture.given(CREATED, new TaskCreated(RUN, "t-1", created, NOW))
                .when(new UpdateTask(RUN, "t-1", state(TaskState.SUCCEEDED), LATER))
                .expectEvents(new TaskUpdated(RUN, "t-1", state(TaskState.SUCCEEDED), LATER))
                .expectResultMessagePayloadMatching(answerWithInputs(inputs("lr", 0.1, "epochs", 3)));
    }

    @Test
    void theSameInputsInAnotherFieldOrderRecordNothing() {
        TaskDetails created = withInputs(task("t-1", TaskState.RUNNING), inputs("lr", 0.1, "epochs", 3));
        fixture.given(CREATED, new TaskCreated(RUN, "t-1", created, NOW))
                .when(new UpdateTask(RUN, "t-1", withInputs(state(null), inputs("epochs", 3, "lr", 0.10)), LATER))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(answerWithInputs(inputs("lr", 0.1, "epochs", 3)));
    }

    @Test
    void changedInputsAreRecordedAndAnswered() {
        TaskDetails created = withInputs(task("t-1", TaskState.RUNNING), inputs("lr", 0.1, "epochs", 3));
        TaskDetails changed = withInputs(state(null), inputs("lr", 0.1, "epochs", 4));
        fixture.given(CREATED, new TaskCreated(RUN, "t-1", created, NOW))
                .when(new UpdateTask(RUN, "t-1", changed, LATER))
                .expectEvents(new TaskUpdated(RUN, "t-1", changed, LATER))
                .expectResultMessagePayloadMatching(answerWithInputs(inputs("lr", 0.1, "epochs", 4)));
    }

    @Test
    void aRetryLetsFailedTasksRunAgain() {
        fixture.given(CREATED, taskCreated("t-1", TaskState.RUNNING), taskUpdated("t-1", TaskState.FAILED),
                        reported(RuntimeState.FAILED), new RunRetried(RUN, NOW))
                .when(new UpdateTask(RUN, "t-1", state(TaskState.RUNNING), LATER))
                .expectEvents(new TaskUpdated(RUN, "t-1", state(TaskState.RUNNING), LATER));
    }

    @Test
    void aRetryDoesNotReopenSucceededTasks() {
        fixture.given(CREATED, taskCreated("t-1", TaskState.RUNNING), taskUpdated("t-1", TaskState.SUCCEEDED),
                        reported(RuntimeState.FAILED), new RunRetried(RUN, NOW))
                .when(new UpdateTask(RUN, "t-1", state(TaskState.RUNNING), LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("is SUCCEEDED"));
    }

    @Test
    void aReopenedTaskFollowsTheRulesAgainOnceItRan() {
        fixture.given(CREATED, taskCreated("t-1", TaskState.RUNNING), taskUpdated("t-1", TaskState.FAILED),
                        reported(RuntimeState.FAILED), new RunRetried(RUN, NOW), taskUpdated("t-1", TaskState.RUNNING),
                        taskUpdated("t-1", TaskState.SUCCEEDED))
                .when(new UpdateTask(RUN, "t-1", state(TaskState.RUNNING), LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class);
    }

    @Test
    void batchUpdateRecordsOneEventPerChangedTask() {
        Map<String, TaskDetails> changes = new LinkedHashMap<>();
        changes.put("t-1", state(TaskState.SUCCEEDED));
        changes.put("t-2", state(TaskState.RUNNING));
        Map<String, Task> after = new LinkedHashMap<>();
        after.put("t-1", answer("t-1", "t-1", TaskState.SUCCEEDED, status(NOW, TaskState.RUNNING),
                status(LATER, TaskState.SUCCEEDED)));
        after.put("t-2", answer("t-2", "t-2", TaskState.RUNNING, status(NOW, TaskState.RUNNING)));
        fixture.given(CREATED, taskCreated("t-1", TaskState.RUNNING), taskCreated("t-2", TaskState.RUNNING))
                .when(new UpdateTasks(RUN, changes, LATER))
                .expectEvents(new TaskUpdated(RUN, "t-1", state(TaskState.SUCCEEDED), LATER))
                .expectResultMessagePayload(new TasksWritten(RUN, 3, after));
    }

    @Test
    void batchUpdateIsAllOrNothing() {
        Map<String, TaskDetails> changes = new LinkedHashMap<>();
        changes.put("t-1", state(TaskState.SUCCEEDED));
        changes.put("t-2", state(TaskState.RUNNING));
        fixture.given(CREATED, taskCreated("t-1", TaskState.RUNNING), taskCreated("t-2", TaskState.RUNNING),
                        taskUpdated("t-2", TaskState.SUCCEEDED))
                .when(new UpdateTasks(RUN, changes, LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("task t-2 is SUCCEEDED"));
    }

    // ---- metrics

    @Test
    void acceptedMetricsAreOneEvent() {
        fixture.given(CREATED)
                .when(new ReportMetrics(RUN, List.of(metric("train", "accuracy"), metric("train", "loss")), LATER))
                .expectEvents(new MetricsReported(RUN, List.of(metric("train", "accuracy"), metric("train", "loss")),
                        LATER))
                .expectResultMessagePayload(new MetricsWritten(RUN, 1, List.of(
                        ok("train", "accuracy"), ok("train", "loss"))));
    }

    @Test
    void theFirstReportOfAMetricWinsAndALaterOneIsADuplicate() {
        fixture.given(CREATED, new MetricsReported(RUN, List.of(metric("train", "accuracy")), NOW))
                .when(new ReportMetrics(RUN, List.of(metric("train", "accuracy")), LATER))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(resultStatuses(MetricResult.Status.DUPLICATE_REPORTING));
    }

    @Test
    void aDuplicateWithinOneReportIsReportedBack() {
        fixture.given(CREATED)
                .when(new ReportMetrics(RUN, List.of(metric("train", "accuracy"), metric("train", "accuracy")), LATER))
                .expectEvents(new MetricsReported(RUN, List.of(metric("train", "accuracy")), LATER))
                .expectResultMessagePayloadMatching(resultStatuses(MetricResult.Status.OK, MetricResult.Status.DUPLICATE_REPORTING));
    }

    @Test
    void theSameNameFromAnotherNodeIsAnotherMetric() {
        fixture.given(CREATED, new MetricsReported(RUN, List.of(metric("train", "accuracy")), NOW))
                .when(new ReportMetrics(RUN, List.of(metric("eval", "accuracy")), LATER))
                .expectEvents(new MetricsReported(RUN, List.of(metric("eval", "accuracy")), LATER));
    }

    @Test
    void metricsWithAnInvalidNameOrNodeAreRefusedOneByOne() {
        fixture.given(CREATED)
                .when(new ReportMetrics(RUN, List.of(metric("train", "9lives"), metric("train", "ok-name"),
                        metric("", "x"), metric("n".repeat(129), "y")), LATER))
                .expectEvents(new MetricsReported(RUN, List.of(metric("train", "ok-name")), LATER))
                .expectResultMessagePayloadMatching(resultStatuses(MetricResult.Status.INVALID_ARGUMENT, MetricResult.Status.OK,
                        MetricResult.Status.INVALID_ARGUMENT, MetricResult.Status.INVALID_ARGUMENT));
    }

    @Test
    void aRunKeepsAtMostFiftyMetrics() {
        List<RunMetric> fortyNine = IntStream.range(0, 49).mapToObj(i -> metric("train", "m" + i)).toList();
        fixture.given(CREATED, new MetricsReported(RUN, fortyNine, NOW))
                .when(new ReportMetrics(RUN, List.of(metric("train", "last"), metric("train", "one-too-many")), LATER))
                .expectEvents(new MetricsReported(RUN, List.of(metric("train", "last")), LATER))
                .expectResultMessagePayloadMatching(resultStatuses(MetricResult.Status.OK, MetricResult.Status.INVALID_ARGUMENT));
    }

    @Test
    void aFinishedRunStillTakesMetrics() {
        fixture.given(CREATED, reported(RuntimeState.SUCCEEDED))
                .when(new ReportMetrics(RUN, List.of(metric("train", "accuracy")), LATER))
                .expectEvents(new MetricsReported(RUN, List.of(metric("train", "accuracy")), LATER));
    }

    // ---- helpers

    private static RunStateReported reported(RuntimeState state) {
        return new RunStateReported(RUN, state, null, NOW);
    }

    private static TaskDetails task(String name, TaskState state) {
        return new TaskDetails(name, null, null, TaskType.RUNTIME, null, state, null, null, null, null, null, null,
                null, null, null);
    }

    /** A task as the API answers it, with its state history. */
    private static Task answer(String name, String taskId, TaskState state, Task.TaskStatus... history) {
        return new Task(name, null, taskId, RUN, null, null, null, null, state, null, List.of(history),
                TaskType.RUNTIME, null, null, null, null, null, null);
    }

    private static TaskDetails withInputs(TaskDetails task, ObjectNode inputs) {
        return new TaskDetails(task.name(), task.displayName(), task.parentTaskId(), task.type(), task.typeAttributes(),
                task.state(), task.pods(), task.cacheFingerprint(), task.createTime(), task.endTime(),
                task.statusMetadata(), inputs, task.outputs(), task.childTasks(), task.scopePath());
    }

    /** Input parameters, in the order given: names and numbers in turn. */
    private static ObjectNode inputs(Object... namesAndNumbers) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < namesAndNumbers.length; i += 2) {
            if (namesAndNumbers[i + 1] instanceof Integer number) {
                parameters.put((String) namesAndNumbers[i], number);
            } else {
                parameters.put((String) namesAndNumbers[i], (Double) namesAndNumbers[i + 1]);
            }
        }
        ObjectNode inputs = JsonNodeFactory.instance.objectNode();
        inputs.set("parameters", parameters);
        return inputs;
    }

    private static Matcher<TaskWritten> answerWithInputs(ObjectNode inputs) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(TaskWritten written) {
                return inputs.equals(written.task().inputs());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a task answered with inputs ").appendValue(inputs);
            }
        };
    }

    private static Task.TaskStatus status(Instant at, TaskState state) {
        return new Task.TaskStatus(at, state);
    }

    private static TaskDetails state(TaskState state) {
        return new TaskDetails(null, null, null, null, null, state, null, null, null, null, null, null, null, null,
                null);
    }

    private static TaskCreated taskCreated(String taskId, TaskState state) {
        return new TaskCreated(RUN, taskId, task(taskId, state), NOW);
    }

    private static TaskUpdated taskUpdated(String taskId, TaskState state) {
        return new TaskUpdated(RUN, taskId, state(state), NOW);
    }

    private static RunMetric metric(String nodeId, String name) {
        return new RunMetric(nodeId, name, 0.5, MetricFormat.RAW);
    }

    private static MetricResult ok(String nodeId, String name) {
        return new MetricResult(name, nodeId, MetricResult.Status.OK, null);
    }

    private static Matcher<MetricsWritten> resultStatuses(MetricResult.Status... statuses) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(MetricsWritten written) {
                List<MetricResult.Status> actual = new ArrayList<>();
                written.results().forEach(result -> actual.add(result.status()));
                return actual.equals(List.of(statuses));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("metric results with statuses ").appendValue(List.of(statuses));
            }
        };
    }
}
