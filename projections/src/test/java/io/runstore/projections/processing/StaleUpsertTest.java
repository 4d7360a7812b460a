package io.runstore.projections.processing;

import io.runstore.database.DatabaseFailures;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskState;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.fold.RunProjection;
import io.runstore.projections.write.NewerRowsWritten;
import io.runstore.projections.write.ReadTables;
import io.runstore.readtables.schema.tables.records.MlmdObjectRecord;
import io.runstore.readtables.schema.tables.records.RunDetailRecord;
import io.runstore.testsupport.DatabaseKind;
import org.jooq.Condition;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.TableRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

import static io.runstore.projections.processing.RunEvents.metric;
import static io.runstore.readtables.schema.Tables.MLMD_OBJECT;
import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_TASK;
import static io.runstore.readtables.schema.Tables.RUN_TOMBSTONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A second writer of the read tables that is behind (a stale batch) cannot move a row backwards: the database itself
 * refuses every older versioned row, and a batch folded from rows another writer has changed since rolls back whole.
 * Older rows are written through the projector's own write path ({@link ReadTables}) after newer ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StaleUpsertTest {

    private final ReadTablesFixture fixture;
    private final RunEvents.Log log = new RunEvents.Log();

    StaleUpsertTest(DatabaseKind kind) {
        fixture = new ReadTablesFixture(kind);
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    @Test
    void anOlderRunListRowIsRefusedByTheDatabase() {
        RunEvents run = newRun();
        fixture.project(List.of(run.created(newNamespace(), "exp-1", "train"), run.state(RuntimeState.RUNNING),
                run.state(RuntimeState.SUCCEEDED)));

        refusesOlderAndEqualVersionsTakesNewer(RUN_LIST, RUN_LIST.VERSION, RUN_LIST.RUN_ID.eq(run.runId),
                row -> row.setState("RUNNING"));
    }

    @Test
    void anOlderRunDetailRowIsRefusedByTheDatabase() {
        RunEvents run = newRun();
        fixture.project(List.of(run.created(newNamespace(), "exp-1", "train")));
        ReadTables.upsert(fixture.dsl, RUN_DETAIL, List.of(new RunDetailRecord(run.runId, "{\"spec\": 5}", null,
                null, null, 5L)));

        refusesOlderAndEqualVersionsTakesNewer(RUN_DETAIL, RUN_DETAIL.VERSION, RUN_DETAIL.RUN_ID.eq(run.runId),
                row -> row.setPipelineSpec("{\"spec\": \"stale\"}"));
    }

    @Test
    void anOlderRunTaskRowIsRefusedByTheDatabase() {
        RunEvents run = newRun();
        fixture.project(List.of(run.created(newNamespace(), "exp-1", "train"),
                run.taskCreated("t1", TaskState.RUNNING, "fp"), run.taskState("t1", TaskState.SUCCEEDED)));

        refusesOlderAndEqualVersionsTakesNewer(RUN_TASK, RUN_TASK.VERSION,
                RUN_TASK.RUN_ID.eq(run.runId).and(RUN_TASK.TASK_ID.eq("t1")), row -> row.setState("RUNNING"));
    }

    @Test
    void anOlderTombstoneIsRefusedByTheDatabase() {
        RunEvents run = newRun();
        fixture.project(List.of(run.created(newNamespace(), "exp-1", "train"), run.state(RuntimeState.RUNNING),
                run.deleted()));

        refusesOlderAndEqualVersionsTakesNewer(RUN_TOMBSTONE, RUN_TOMBSTONE.VERSION,
                RUN_TOMBSTONE.RUN_ID.eq(run.runId), row -> row.setDeletedAt(row.getDeletedAt() - 1));
    }

    @Test
    void mlmdObjectRowsAreNeverReplaced() {
        RunEvents run = newRun();
        fixture.project(List.of(run.created(newNamespace(), "exp-1", "train")));
        MlmdObjectRecord stored = fixture.dsl.fetchSingle(MLMD_OBJECT, MLMD_OBJECT.RUN_ID.eq(run.runId));

        ReadTables.upsert(fixture.dsl, MLMD_OBJECT, List.of(
                new MlmdObjectRecord(stored.getMlmdId(), run.runId, "other-task"),
                new MlmdObjectRecord(stored.getMlmdId() + 1_000_000, run.runId, "")));

        assertThat(fixture.dsl.fetch(MLMD_OBJECT, MLMD_OBJECT.RUN_ID.eq(run.runId))).containsExactly(stored);
    }

    @Test
    void aDeletedRunsRowsAreRemovedOnlyBelowTheDeletesVersion() {
        RunEvents run = newRun();
        fixture.project(List.of(run.created(newNamespace(), "exp-1", "train"),
                run.taskCreated("t1", TaskState.RUNNING, "fp"), run.taskCreated("t2", TaskState.RUNNING, "fp"),
                run.taskState("t1", TaskState.SUCCEEDED)));

        fixture.transactions.executeWithoutResult(status -> ReadTables.removeDeleted(fixture.dsl,
                Map.of(run.runId, 2L)));

        assertThat(fixture.dsl.fetchSingle(RUN_LIST, RUN_LIST.RUN_ID.eq(run.runId)).getVersion()).isEqualTo(3L);
        assertThat(fixture.dsl.fetch(RUN_TASK, RUN_TASK.RUN_ID.eq(run.runId)).getValues(RUN_TASK.TASK_ID))
                .containsExactlyInAnyOrder("t1", "t2");
        assertThat(fixture.dsl.fetchCount(RUN_DETAIL, RUN_DETAIL.RUN_ID.eq(run.runId))).isZero();

        fixture.transactions.executeWithoutResult(status -> ReadTables.removeDeleted(fixture.dsl,
                Map.of(run.runId, 4L)));

        assertThat(fixture.dsl.fetchCount(RUN_LIST, RUN_LIST.RUN_ID.eq(run.runId))).isZero();
        assertThat(fixture.dsl.fetchCount(RUN_TASK, RUN_TASK.RUN_ID.eq(run.runId))).isZero();
    }

    @Test
    void aWholeStaleBatchRollsBackAndLeavesTheNewerRows() {
        String ns = newNamespace();
        RunEvents finished = newRun();
        RunEvents deleted = newRun();
        RunEvents created = newRun();
        fixture.project(List.of(finished.created(ns, "exp-1", "a"), finished.state(RuntimeState.RUNNING),
                deleted.created(ns, "exp-1", "b"), deleted.taskCreated("t1", TaskState.RUNNING, "fp")));
        List<ProjectedEvent> staleEvents = List.of(finished.state(RuntimeState.SUCCEEDED),
                finished.metrics(metric("train", "accuracy", 0.9)), deleted.taskState("t1", TaskState.SUCCEEDED),
                created.created(ns, "exp-1", "c"));
        Map<String, RunProjection> stale = ReadTables.load(fixture.dsl, ReadTables.byRun(staleEvents));
        staleEvents.forEach(event -> stale.get(event.runId()).apply(event));

        List<ProjectedEvent> newer = new ArrayList<>(staleEvents);
        newer.addAll(List.of(finished.archived(), deleted.deleted(), created.state(RuntimeState.RUNNING)));
        fixture.project(newer);
        Map<String, List<Map<String, Object>>> newerRows = rows(ns, finished.runId, deleted.runId, created.runId);

        Throwable refused = catchThrowable(() -> fixture.transactions.executeWithoutResult(status ->
                ReadTables.writeCounts(fixture.dsl, ReadTables.writeRows(fixture.dsl, stale.values()))));

        assertThat(refused).isInstanceOf(NewerRowsWritten.class);
        assertThat(DatabaseFailures.isTransient(refused)).as("a concurrency failure, tried again").isTrue();
        assertThat(rows(ns, finished.runId, deleted.runId, created.runId)).isEqualTo(newerRows);

        fixture.project(staleEvents);
        assertThat(rows(ns, finished.runId, deleted.runId, created.runId)).as("tried again from the stored rows")
                .isEqualTo(newerRows);
    }

    /**
     * Writes the stored row changed by {@code change} back with a lower and with the same version (both refused), then
     * with a higher one (taken).
     */
    private <R extends TableRecord<R>> void refusesOlderAndEqualVersionsTakesNewer(
            Table<R> table, TableField<R, Long> version, Condition key, Consumer<R> change) {
        R stored = fixture.dsl.fetchSingle(table, key);
        long storedVersion = stored.get(version);
        for (long staleVersion : new long[] {storedVersion - 1, storedVersion}) {
            R stale = stored.into(table);
            change.accept(stale);
            stale.set(version, staleVersion);
            fixture.transactions.executeWithoutResult(status -> ReadTables.upsert(fixture.dsl, table, List.of(stale)));
            assertThat(fixture.dsl.fetchSingle(table, key).intoMap()).as("after version " + staleVersion)
                    .isEqualTo(stored.intoMap());
        }
        R newer = stored.into(table);
        change.accept(newer);
        newer.set(version, storedVersion + 1);
        fixture.transactions.executeWithoutResult(status -> ReadTables.upsert(fixture.dsl, table, List.of(newer)));
        assertThat(fixture.dsl.fetchSingle(table, key).intoMap()).isEqualTo(newer.intoMap());
    }

    /** Every read row of the runs and the namespace's counters, as maps. */
    private Map<String, List<Map<String, Object>>> rows(String namespace, String... runIds) {
        List<String> runs = List.of(runIds);
        Map<String, List<Map<String, Object>>> rows = new TreeMap<>();
        rows.put("run_list", maps(RUN_LIST, RUN_LIST.RUN_ID.in(runs)));
        rows.put("run_detail", maps(RUN_DETAIL, RUN_DETAIL.RUN_ID.in(runs)));
        rows.put("run_task", maps(RUN_TASK, RUN_TASK.RUN_ID.in(runs)));
        rows.put("run_metric", maps(RUN_METRIC, RUN_METRIC.RUN_ID.in(runs)));
        rows.put("mlmd_object", maps(MLMD_OBJECT, MLMD_OBJECT.RUN_ID.in(runs)));
        rows.put("run_tombstone", maps(RUN_TOMBSTONE, RUN_TOMBSTONE.RUN_ID.in(runs)));
        rows.put("run_counts", maps(RUN_COUNTS, RUN_COUNTS.NAMESPACE.eq(namespace)));
        rows.put("run_namespace_counts", maps(RUN_NAMESPACE_COUNTS, RUN_NAMESPACE_COUNTS.NAMESPACE.eq(namespace)));
        return rows;
    }

    private List<Map<String, Object>> maps(Table<? extends Record> table, Condition condition) {
        return fixture.dsl.selectFrom(table).where(condition).orderBy(table.getPrimaryKey().getFields()).fetchMaps();
    }

    private RunEvents newRun() {
        return new RunEvents("run-" + UUID.randomUUID(), log);
    }

    private static String newNamespace() {
        return "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
