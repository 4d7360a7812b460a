package io.runstore.projections.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskState;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.readtables.EpochMicros;
import io.runstore.readtables.schema.tables.records.RunListRecord;
import io.runstore.readtables.schema.tables.records.RunTaskRecord;
import io.runstore.testsupport.DatabaseKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.runstore.projections.processing.RunEvents.metric;
import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;
import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_TASK;
import static io.runstore.readtables.schema.Tables.RUN_TOMBSTONE;
import static org.assertj.core.api.Assertions.assertThat;

/** Every projected field follows the events; run once per database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunListProjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReadTablesFixture fixture;
    private final RunEvents.Log log = new RunEvents.Log();

    RunListProjectionTest(DatabaseKind kind) {
        fixture = new ReadTablesFixture(kind);
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    @Test
    void createdRunFillsTheListRowTheDetailRowAndTheCounts() throws Exception {
        String ns = newNamespace();
        RunEvents run = newRun();
        fixture.project(List.of(run.created(ns, "exp-1", "train")));

        RunListRecord row = row(run.runId);
        assertThat(row.getNamespace()).isEqualTo(ns);
        assertThat(row.getExperimentId()).isEqualTo("exp-1");
        assertThat(row.getDisplayName()).isEqualTo("train");
        assertThat(row.getDescription()).isEqualTo("about train");
        assertThat(row.getState()).isEqualTo("PENDING");
        assertThat(row.getStorageState()).isEqualTo("AVAILABLE");
        assertThat(row.getCreatedAt()).isEqualTo(EpochMicros.of(run.at(0)));
        assertThat(row.getScheduledAt()).isEqualTo(EpochMicros.of(run.at(0)));
        assertThat(row.getFinishedAt()).isZero();
        assertThat(row.getPipelineId()).isEqualTo("p-1");
        assertThat(row.getPipelineVersionId()).isEqualTo("v-1");
        assertThat(row.getServiceAccount()).isEqualTo("runner");
        assertThat(row.getTaskCount()).isZero();
        assertThat(row.getError()).isNull();
        assertThat(row.getVersion()).isZero();
        assertThat(JSON.readTree(row.getResourceReferences())).isEqualTo(JSON.readTree("""
                [{"key": {"type": "NAMESPACE", "id": "%s"}, "relationship": "OWNER"},
                 {"key": {"type": "EXPERIMENT", "id": "exp-1"}, "relationship": "OWNER"},
                 {"key": {"type": "PIPELINE_VERSION", "id": "v-1"}, "relationship": "CREATOR"}]""".formatted(ns)));
        assertThat(JSON.readTree(row.getTaskSummary())).isEqualTo(JSON.readTree("""
                {"task_count": 0, "by_state": {}}"""));
        assertThat(JSON.readTree(row.getStateHistory())).isEqualTo(JSON.readTree("""
                [{"update_time": "2026-01-01T00:00:00Z", "state": "PENDING"}]"""));
        assertThat(JSON.readTree(row.getMetrics())).isEqualTo(JSON.readTree("[]"));
        assertThat(fixture.dsl.fetchCount(RUN_DETAIL, RUN_DETAIL.RUN_ID.eq(run.runId))).isEqualTo(1);
        assertThat(counts(ns)).isEqualTo(Map.of("exp-1/AVAILABLE/PENDING", 1L));
    }

    @Test
    void stateReportsMoveStateFinishedAtErrorHistoryAndCounts() throws Exception {
        String ns = newNamespace();
        RunEvents run = newRun();
        fixture.project(List.of(run.created(ns, "exp-1", "train"), run.state(RuntimeState.RUNNING)));
        assertThat(counts(ns)).isEqualTo(Map.of("exp-1/AVAILABLE/RUNNING", 1L));

        fixture.project(List.of(run.failed("out of memory")));

        RunListRecord row = row(run.runId);
        assertThat(row.getState()).isEqualTo("FAILED");
        assertThat(row.getFinishedAt()).isEqualTo(EpochMicros.of(run.at(2)));
        assertThat(JSON.readTree(row.getError())).isEqualTo(JSON.readTree("""
                {"code": 2, "message": "out of memory"}"""));
        assertThat(JSON.readTree(row.getStateHistory())).isEqualTo(JSON.readTree("""
                [{"update_time": "2026-01-01T00:00:00Z", "state": "PENDING"},
                 {"update_time": "2026-01-01T00:00:01Z", "state": "RUNNING"},
                 {"update_time": "2026-01-01T00:00:02Z", "state": "FAILED",
                  "error": {"code": 2, "message": "out of memory"}}]"""));
        assertThat(row.getVersion()).isEqualTo(2);
        assertThat(counts(ns)).isEqualTo(Map.of("exp-1/AVAILABLE/FAILED", 1L));
    }

    @Test
    void retryReopensTheRunAndTerminateCancelsIt() throws Exception {
        String ns = newNamespace();
        RunEvents run = newRun();
        fixture.project(List.of(run.created(ns, "exp-1", "train"), run.failed("boom")));

        fixture.project(List.of(run.retried()));
        RunListRecord retried = row(run.runId);
        assertThat(retried.getState()).isEqualTo("PENDING");
        assertThat(retried.getFinishedAt()).isZero();
        assertThat(retried.getError()).isNull();
        assertThat(JSON.readTree(retried.getStateHistory()).get(2)).isEqualTo(JSON.readTree("""
                {"update_time": "2026-01-01T00:00:02Z", "state": "PENDING"}"""));
        assertThat(counts(ns)).isEqualTo(Map.of("exp-1/AVAILABLE/PENDING", 1L));

        fixture.project(List.of(run.terminated()));
        RunListRecord canceling = row(run.runId);
        assertThat(canceling.getState()).isEqualTo("CANCELING");
        assertThat(JSON.readTree(canceling.getStateHistory()).get(3).get("state").asText()).isEqualTo("CANCELING");
        assertThat(canceling.getVersion()).isEqualTo(3);
        assertThat(counts(ns)).isEqualTo(Map.of("exp-1/AVAILABLE/CANCELING", 1L));
    }

    @Test
    void archiveAndUnarchiveMoveStorageStateCountsAndMetricRows() {
        String ns = newNamespace();
        RunEvents run = newRun();
        fixture.project(List.of(run.created(ns, "exp-1", "train"), run.metrics(metric("train", "accuracy", 0.9))));

        fixture.project(List.of(run.archived()));
        assertThat(row(run.runId).getStorageState()).isEqualTo("ARCHIVED");
        assertThat(counts(ns)).isEqualTo(Map.of("exp-1/ARCHIVED/PENDING", 1L));
        assertThat(metricStorageState(run.runId)).isEqualTo("ARCHIVED");

        fixture.project(List.of(run.unarchived()));
        assertThat(row(run.runId).getStorageState()).isEqualTo("AVAILABLE");
        assertThat(counts(ns)).isEqualTo(Map.of("exp-1/AVAILABLE/PENDING", 1L));
        assertThat(metricStorageState(run.runId)).isEqualTo("AVAILABLE");
    }

    @Test
    void namespaceCountsSumEveryExperimentsCountsAndLoseTheirEmptiedRows() {
        String ns = newNamespace();
        RunEvents first = newRun();
        RunEvents second = newRun();
        RunEvents third = newRun();
        fixture.project(List.of(first.created(ns, "exp-1", "a"), second.created(ns, "exp-2", "b"),
                third.created(ns, "exp-3", "c")));
        assertThat(namespaceCounts(ns)).isEqualTo(Map.of("AVAILABLE/PENDING", 3L));

        fixture.project(List.of(first.archived(), second.archived()));
        assertThat(namespaceCounts(ns)).isEqualTo(Map.of("AVAILABLE/PENDING", 1L, "ARCHIVED/PENDING", 2L));

        fixture.project(List.of(third.deleted(), first.unarchived()));
        assertThat(namespaceCounts(ns)).isEqualTo(Map.of("AVAILABLE/PENDING", 1L, "ARCHIVED/PENDING", 1L));
        assertThat(counts(ns)).hasSize(2);

        fixture.project(List.of(second.deleted()));
        assertThat(namespaceCounts(ns)).isEqualTo(Map.of("AVAILABLE/PENDING", 1L));
    }

    @Test
    void deleteRemovesEveryRowOfTheRunDecrementsCountsAndLeavesATombstone() {
        String ns = newNamespace();
        RunEvents run = newRun();
        RunEvents other = newRun();
        fixture.project(List.of(run.created(ns, "exp-1", "train"), run.taskCreated("t1", TaskState.RUNNING, "f"),
                run.metrics(metric("train", "accuracy", 0.9)), other.created(ns, "exp-1", "other")));

        fixture.project(List.of(run.deleted()));

        assertThat(fixture.dsl.fetchCount(RUN_LIST, RUN_LIST.RUN_ID.eq(run.runId))).isZero();
        assertThat(fixture.dsl.fetchCount(RUN_DETAIL, RUN_DETAIL.RUN_ID.eq(run.runId))).isZero();
        assertThat(fixture.dsl.fetchCount(RUN_TASK, RUN_TASK.RUN_ID.eq(run.runId))).isZero();
        assertThat(fixture.dsl.fetchCount(RUN_METRIC, RUN_METRIC.RUN_ID.eq(run.runId))).isZero();
        assertThat(fixture.dsl.fetchOne(RUN_TOMBSTONE, RUN_TOMBSTONE.RUN_ID.eq(run.runId)).getVersion()).isEqualTo(3);
        assertThat(counts(ns)).isEqualTo(Map.of("exp-1/AVAILABLE/PENDING", 1L));

        fixture.project(List.of(other.deleted()));
        assertThat(counts(ns)).isEmpty();
    }

    @Test
    void tasksFillTheirRowsTheSummaryAndTheRunVersion() throws Exception {
        String ns = newNamespace();
        RunEvents run = newRun();
        fixture.project(List.of(run.created(ns, "exp-1", "train"), run.taskCreated("t1", TaskState.RUNNING, "fp-1"),
                run.taskCreated("t2", TaskState.RUNNING, "fp-2")));
        fixture.project(List.of(run.taskState("t1", TaskState.SUCCEEDED)));

        RunListRecord row = row(run.runId);
        assertThat(row.getTaskCount()).isEqualTo(2);
        assertThat(row.getVersion()).isEqualTo(3);
        assertThat(JSON.readTree(row.getTaskSummary())).isEqualTo(JSON.readTree("""
                {"task_count": 2, "by_state": {"RUNNING": 1, "SUCCEEDED": 1}}"""));
        RunTaskRecord task = fixture.dsl.fetchOne(RUN_TASK, RUN_TASK.RUN_ID.eq(run.runId).and(RUN_TASK.TASK_ID.eq("t1")));
        assertThat(task.getState()).isEqualTo("SUCCEEDED");
        assertThat(task.getNamespace()).isEqualTo(ns);
        assertThat(task.getName()).isEqualTo("step-t1");
        assertThat(task.getNameKey()).isEqualTo("step-t1");
        assertThat(task.getDisplayName()).isEqualTo("Step t1");
        assertThat(task.getDisplayNameKey()).as("what ListTasks' name filters compare").isEqualTo("step t1");
        assertThat(task.getType()).isEqualTo("RUNTIME");
        assertThat(task.getCacheFingerprint()).isEqualTo("fp-1");
        assertThat(task.getCreateTime()).isEqualTo(EpochMicros.of(run.at(1)));
        assertThat(task.getEndTime()).isEqualTo(EpochMicros.of(run.at(3)));
        assertThat(task.getVersion()).isEqualTo(3);
        JsonNode whole = JSON.readTree(task.getTask());
        assertThat(whole.get("task_id").asText()).isEqualTo("t1");
        assertThat(whole.get("run_id").asText()).isEqualTo(run.runId);
        assertThat(whole.get("display_name").asText()).isEqualTo("Step t1");
        assertThat(whole.get("scope_path").asText()).isEqualTo("root.t1");
        assertThat(whole.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(whole.get("end_time").asText()).isEqualTo("2026-01-01T00:00:03Z");
        assertThat(whole.get("state_history")).isEqualTo(JSON.readTree("""
                [{"update_time": "2026-01-01T00:00:01Z", "state": "RUNNING"},
                 {"update_time": "2026-01-01T00:00:03Z", "state": "SUCCEEDED"}]"""));
        assertThat(fixture.dsl.fetchOne(RUN_TASK, RUN_TASK.RUN_ID.eq(run.runId).and(RUN_TASK.TASK_ID.eq("t2")))
                .getVersion()).isEqualTo(2);
    }

    @Test
    void metricsKeepReportOrderAndTheFirstValuePerNameSorts() throws Exception {
        String ns = newNamespace();
        RunEvents run = newRun();
        fixture.project(List.of(run.created(ns, "exp-7", "train"),
                run.metrics(metric("train", "accuracy", 0.9), metric("train", "loss", 0.3))));
        fixture.project(List.of(run.metrics(metric("eval", "accuracy", 0.8))));

        RunListRecord row = row(run.runId);
        assertThat(JSON.readTree(row.getMetrics())).isEqualTo(JSON.readTree("""
                [{"name": "accuracy", "node_id": "train", "number_value": 0.9, "format": "RAW"},
                 {"name": "loss", "node_id": "train", "number_value": 0.3, "format": "RAW"},
                 {"name": "accuracy", "node_id": "eval", "number_value": 0.8, "format": "RAW"}]"""));
        assertThat(row.getVersion()).isEqualTo(2);
        assertThat(fixture.dsl.selectFrom(RUN_METRIC).where(RUN_METRIC.RUN_ID.eq(run.runId)).orderBy(RUN_METRIC.NAME)
                .fetch(metric -> metric.getName() + "=" + metric.getNumberValue() + "@" + metric.getNodeId() + " "
                        + metric.getNamespace() + "/" + metric.getExperimentId() + "/" + metric.getStorageState()))
                .containsExactly("accuracy=0.9@train " + ns + "/exp-7/AVAILABLE", "loss=0.3@train " + ns + "/exp-7/AVAILABLE");
    }

    @Test
    void repeatedAndStaleEventsNeverMoveARowBackwards() {
        String ns = newNamespace();
        RunEvents run = newRun();
        List<ProjectedEvent> events = List.of(run.created(ns, "exp-1", "train"), run.state(RuntimeState.RUNNING),
                run.taskCreated("t1", TaskState.RUNNING, "f"), run.failed("boom"));
        fixture.project(events);
        RunListRecord before = row(run.runId);
        List<String> tasksBefore = fixture.dsl.selectFrom(RUN_TASK).where(RUN_TASK.RUN_ID.eq(run.runId))
                .fetch(Object::toString);

        fixture.project(events.subList(0, 2));
        fixture.project(events);

        assertThat(row(run.runId)).isEqualTo(before);
        assertThat(fixture.dsl.selectFrom(RUN_TASK).where(RUN_TASK.RUN_ID.eq(run.runId)).fetch(Object::toString))
                .isEqualTo(tasksBefore);
        assertThat(counts(ns)).isEqualTo(Map.of("exp-1/AVAILABLE/FAILED", 1L));
    }

    @Test
    void aRunWhoseEventCannotApplyIsParkedWithItsLaterEventsAndTheOtherRunsGoOn() {
        String ns = newNamespace();
        RunEvents good = newRun();
        RunEvents bad = newRun();
        ProjectedEvent badCreated = bad.created(ns, "exp-1", "bad");
        ProjectedEvent unknownTask = bad.taskState("nope", TaskState.SUCCEEDED);
        ProjectedEvent afterIt = bad.state(RuntimeState.RUNNING);

        BatchProjector.Result result = fixture.project(List.of(good.created(ns, "exp-1", "good"), badCreated,
                unknownTask, afterIt, good.state(RuntimeState.RUNNING)));

        assertThat(result).isEqualTo(new BatchProjector.Result(3, 2));
        assertThat(row(good.runId).getState()).isEqualTo("RUNNING");
        assertThat(row(bad.runId).getVersion()).isZero();
        assertThat(deadLetters(bad.runId)).containsExactly(
                "1 TaskUpdated: IllegalStateException: task nope is not a task of run " + bad.runId,
                "2 RunStateReported: IllegalStateException: task nope is not a task of run " + bad.runId);

        fixture.project(List.of(bad.state(RuntimeState.SUCCEEDED), good.state(RuntimeState.SUCCEEDED)));
        assertThat(row(good.runId).getState()).isEqualTo("SUCCEEDED");
        assertThat(row(bad.runId).getState()).isEqualTo("PENDING");
        assertThat(deadLetters(bad.runId)).hasSize(3).last().asString()
                .startsWith("3 RunStateReported: parked behind an earlier dead letter");
    }

    @Test
    void aRunTheDatabaseRejectsIsParkedAndTheOtherRunsGoOn() {
        String ns = newNamespace();
        RunEvents good = newRun();
        RunEvents tooLong = newRun();

        BatchProjector.Result result = fixture.project(List.of(good.created(ns, "exp-1", "good"),
                tooLong.created(ns, "exp-1", "x".repeat(300))));

        assertThat(result).isEqualTo(new BatchProjector.Result(1, 1));
        assertThat(row(good.runId).getDisplayName()).isEqualTo("good");
        assertThat(fixture.dsl.fetchCount(RUN_LIST, RUN_LIST.RUN_ID.eq(tooLong.runId))).isZero();
        assertThat(deadLetters(tooLong.runId)).singleElement().asString().startsWith("0 RunCreated: ");
        assertThat(counts(ns)).isEqualTo(Map.of("exp-1/AVAILABLE/PENDING", 1L));
    }

    private RunEvents newRun() {
        return new RunEvents("run-" + UUID.randomUUID(), log);
    }

    private static String newNamespace() {
        return "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private RunListRecord row(String runId) {
        return fixture.dsl.fetchOne(RUN_LIST, RUN_LIST.RUN_ID.eq(runId));
    }

    private String metricStorageState(String runId) {
        return fixture.dsl.select(RUN_METRIC.STORAGE_STATE).from(RUN_METRIC).where(RUN_METRIC.RUN_ID.eq(runId))
                .fetchSingle().value1();
    }

    private Map<String, Long> namespaceCounts(String namespace) {
        return fixture.dsl.selectFrom(RUN_NAMESPACE_COUNTS).where(RUN_NAMESPACE_COUNTS.NAMESPACE.eq(namespace))
                .fetchMap(count -> count.getStorageState() + "/" + count.getState(), count -> count.getRunCount());
    }

    /** The namespace's run_counts rows, after checking that its run_namespace_counts rows are their sums. */
    private Map<String, Long> counts(String namespace) {
        Map<String, Long> counts = fixture.dsl.selectFrom(RUN_COUNTS).where(RUN_COUNTS.NAMESPACE.eq(namespace)).fetchMap(
                count -> count.getExperimentId() + "/" + count.getStorageState() + "/" + count.getState(),
                count -> count.getRunCount());
        Map<String, Long> sums = new TreeMap<>();
        counts.forEach((key, count) -> sums.merge(key.substring(key.indexOf('/') + 1), count, Long::sum));
        assertThat(new TreeMap<>(namespaceCounts(namespace))).as("run_namespace_counts of " + namespace).isEqualTo(sums);
        return counts;
    }

    private List<String> deadLetters(String runId) {
        List<String> letters = new ArrayList<>();
        fixture.dsl.selectFrom(PROJECTION_DEAD_LETTER).where(PROJECTION_DEAD_LETTER.RUN_ID.eq(runId))
                .orderBy(PROJECTION_DEAD_LETTER.SEQUENCE_NUMBER)
                .forEach(letter -> letters.add(letter.getSequenceNumber() + " "
                        + letter.getEventType().substring(letter.getEventType().lastIndexOf('.') + 1) + ": "
                        + letter.getReason()));
        return letters;
    }
}
