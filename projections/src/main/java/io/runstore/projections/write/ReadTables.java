package io.runstore.projections.write;

import io.runstore.events.task.TaskUpdated;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.fold.RunCountKey;
import io.runstore.projections.fold.RunJson;
import io.runstore.projections.fold.RunProjection;
import io.runstore.readtables.schema.tables.records.RunListRecord;
import io.runstore.readtables.schema.tables.records.RunMetricRecord;
import io.runstore.readtables.schema.tables.records.RunTaskRecord;
import io.runstore.readtables.schema.tables.records.RunTombstoneRecord;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Row2;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.runstore.readtables.schema.Tables.MLMD_OBJECT;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_TASK;
import static io.runstore.readtables.schema.Tables.RUN_TOMBSTONE;

/**
 * Reads the stored rows of a batch's runs with one SELECT per table, and writes the folded result back with one
 * multi-row upsert or delete per table (jOOQ renders ON CONFLICT on PostgreSQL, ON DUPLICATE KEY on MySQL/MariaDB):
 * run_list, run_detail, run_task, run_metric, mlmd_object and run_tombstone here, run_counts in {@link RunCounts}.
 *
 * <p>Another writer of the same tables (a repair, a backfill, a second projector) is held back by the database, not
 * only by the fold's own version check: a row with a version (run_list, run_detail, run_task, run_tombstone) is
 * replaced only by a higher version, a deleted run's rows are removed only below the delete's version, and
 * mlmd_object's rows, which never change, are inserted or left as they are. The tables without a version (run_metric,
 * the counters) cannot refuse a stale write themselves: before writing, the batch locks its runs' run_list rows and
 * reads their versions back, and rolls back whole ({@link NewerRowsWritten}) when one is no longer the version its
 * fold started from.
 */
public final class ReadTables {

    /** Rows per statement: far below both databases' bind-variable limits at run_list's 21 columns. */
    private static final int CHUNK = 1000;

    private ReadTables() {
    }

    /** The stored state of each run that {@code eventsByRun} touches, ready to fold the events into. */
    public static Map<String, RunProjection> load(DSLContext dsl, Map<String, List<ProjectedEvent>> eventsByRun) {
        Set<String> runIds = eventsByRun.keySet();
        Map<String, RunListRecord> rows = dsl.selectFrom(RUN_LIST).where(RUN_LIST.RUN_ID.in(runIds))
                .fetchMap(RUN_LIST.RUN_ID);
        List<String> notListed = runIds.stream().filter(runId -> !rows.containsKey(runId)).toList();
        Map<String, Long> tombstones = notListed.isEmpty() ? Map.of() : dsl.select(RUN_TOMBSTONE.RUN_ID,
                RUN_TOMBSTONE.VERSION).from(RUN_TOMBSTONE).where(RUN_TOMBSTONE.RUN_ID.in(notListed))
                .fetchMap(RUN_TOMBSTONE.RUN_ID, RUN_TOMBSTONE.VERSION);
        Map<String, Map<String, RunTaskRecord>> tasks = updatedTasks(dsl, eventsByRun);
        Map<String, RunProjection> runs = new LinkedHashMap<>();
        for (String runId : runIds) {
            RunListRecord row = rows.get(runId);
            long version = row != null ? row.getVersion() : tombstones.getOrDefault(runId, -1L);
            runs.put(runId, new RunProjection(runId, row, tasks.getOrDefault(runId, Map.of()), version));
        }
        return runs;
    }

    private static Map<String, Map<String, RunTaskRecord>> updatedTasks(
            DSLContext dsl, Map<String, List<ProjectedEvent>> eventsByRun) {
        List<Row2<String, String>> keys = eventsByRun.values().stream().flatMap(List::stream)
                .filter(event -> event.payload() instanceof TaskUpdated)
                .map(event -> DSL.row(event.runId(), ((TaskUpdated) event.payload()).taskId()))
                .distinct().toList();
        Map<String, Map<String, RunTaskRecord>> tasks = new HashMap<>();
        for (List<Row2<String, String>> chunk : chunks(keys)) {
            dsl.selectFrom(RUN_TASK).where(DSL.row(RUN_TASK.RUN_ID, RUN_TASK.TASK_ID).in(chunk)).forEach(task ->
                    tasks.computeIfAbsent(task.getRunId(), runId -> new HashMap<>()).put(task.getTaskId(), task));
        }
        return tasks;
    }

    /**
     * Writes what the batch changed but the counters, whose changes it returns: several calls' changes can then be
     * added up and written once ({@link #writeCounts}), so a batch locks counter rows in one key order. Throws
     * {@link NewerRowsWritten} when another writer wrote some of the runs since they were loaded.
     */
    public static Map<RunCountKey, Long> writeRows(DSLContext dsl, Collection<RunProjection> runs) {
        List<RunProjection> changed = runs.stream().filter(RunProjection::changed).toList();
        if (changed.isEmpty()) {
            return Map.of();
        }
        changed.forEach(RunProjection::finish);
        List<RunProjection> deleted = changed.stream().filter(RunProjection::deleted).toList();
        List<RunProjection> alive = changed.stream().filter(run -> run.row() != null).toList();

        refuseIfWrittenMeanwhile(dsl, changed);
        upsert(dsl, RUN_LIST, alive.stream().map(RunProjection::row).toList());
        upsert(dsl, RUN_TOMBSTONE, deleted.stream()
                .map(run -> new RunTombstoneRecord(run.runId(), run.version(), run.deletedAt())).toList());
        upsert(dsl, RUN_DETAIL, alive.stream().map(RunProjection::createdDetail)
                .filter(java.util.Objects::nonNull).toList());
        upsert(dsl, RUN_TASK, alive.stream().flatMap(run -> run.changedTasks().stream()).toList());
        upsert(dsl, MLMD_OBJECT, alive.stream().flatMap(run -> run.newMlmdObjects().stream()).toList());
        writeMetricRows(dsl, changed.stream().filter(RunProjection::metricRowsChanged).toList());
        Map<String, Long> deleteVersions = new LinkedHashMap<>();
        deleted.forEach(run -> deleteVersions.put(run.runId(), run.version()));
        removeDeleted(dsl, deleteVersions);
        return RunCounts.deltas(changed);
    }

    /**
     * Locks the batch's run_list rows and compares each run's stored version (its run_list row's, else its
     * tombstone's, else none) with the one its fold started from: a difference means another writer wrote the run
     * meanwhile, and the fold's metric rows and counter moves would be stale.
     */
    private static void refuseIfWrittenMeanwhile(DSLContext dsl, List<RunProjection> changed) {
        Map<String, Long> loaded = new HashMap<>();
        for (RunProjection run : changed) {
            loaded.put(run.runId(), run.loadedVersion());
        }
        Map<String, Long> stored = new HashMap<>();
        for (List<String> runIds : chunks(new ArrayList<>(loaded.keySet()))) {
            dsl.select(RUN_LIST.RUN_ID, RUN_LIST.VERSION).from(RUN_LIST).where(RUN_LIST.RUN_ID.in(runIds))
                    .forUpdate().forEach(row -> stored.put(row.value1(), row.value2()));
            List<String> notListed = runIds.stream().filter(runId -> !stored.containsKey(runId)).toList();
            if (!notListed.isEmpty()) {
                dsl.select(RUN_TOMBSTONE.RUN_ID, RUN_TOMBSTONE.VERSION).from(RUN_TOMBSTONE)
                        .where(RUN_TOMBSTONE.RUN_ID.in(notListed)).forEach(row -> stored.put(row.value1(), row.value2()));
            }
        }
        Map<String, Long> newer = new TreeMap<>();
        loaded.forEach((runId, version) -> {
            long now = stored.getOrDefault(runId, -1L);
            if (now != version) {
                newer.put(runId, now);
            }
        });
        if (!newer.isEmpty()) {
            throw new NewerRowsWritten(newer);
        }
    }

    /**
     * Removes the rows of deleted runs (run id to the delete's version) that are below the delete's version:
     * run_list, run_detail and run_task; mlmd_object's, which have no version, all (run_metric's go with the metric
     * rows, the tombstone is upserted).
     */
    public static void removeDeleted(DSLContext dsl, Map<String, Long> deleted) {
        if (deleted.isEmpty()) {
            return;
        }
        List<Query> deletes = new ArrayList<>();
        deleted.forEach((runId, version) -> {
            deletes.add(dsl.deleteFrom(RUN_LIST).where(RUN_LIST.RUN_ID.eq(runId)).and(RUN_LIST.VERSION.lt(version)));
            deletes.add(dsl.deleteFrom(RUN_DETAIL).where(RUN_DETAIL.RUN_ID.eq(runId))
                    .and(RUN_DETAIL.VERSION.lt(version)));
            deletes.add(dsl.deleteFrom(RUN_TASK).where(RUN_TASK.RUN_ID.eq(runId)).and(RUN_TASK.VERSION.lt(version)));
        });
        dsl.batch(deletes).execute();
        for (List<String> runIds : chunks(new ArrayList<>(deleted.keySet()))) {
            dsl.deleteFrom(MLMD_OBJECT).where(MLMD_OBJECT.RUN_ID.in(runIds)).execute();
        }
    }

    /** Moves run_counts and run_namespace_counts by {@code deltas}, the rows locked in key order. */
    public static void writeCounts(DSLContext dsl, Map<RunCountKey, Long> deltas) {
        Map<RunCountKey, Long> ordered = new TreeMap<>(deltas);
        ordered.values().removeIf(delta -> delta == 0L);
        RunCounts.write(dsl, ordered);
    }

    /**
     * Removes every row of the given runs (run_list, run_detail, run_task, run_metric, mlmd_object, run_tombstone,
     * their dead letters) and takes them out of the counters, so that their events can be applied again from the first one.
     */
    public static void forget(DSLContext dsl, Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return;
        }
        Map<io.runstore.projections.fold.RunCountKey, Long> deltas = new java.util.TreeMap<>();
        dsl.selectFrom(RUN_LIST).where(RUN_LIST.RUN_ID.in(runIds)).forUpdate().forEach(row -> deltas.merge(
                io.runstore.projections.fold.RunCountKey.of(row), -1L, Long::sum));
        RunCounts.write(dsl, deltas);
        dsl.deleteFrom(RUN_LIST).where(RUN_LIST.RUN_ID.in(runIds)).execute();
        dsl.deleteFrom(RUN_DETAIL).where(RUN_DETAIL.RUN_ID.in(runIds)).execute();
        dsl.deleteFrom(RUN_TASK).where(RUN_TASK.RUN_ID.in(runIds)).execute();
        dsl.deleteFrom(RUN_METRIC).where(RUN_METRIC.RUN_ID.in(runIds)).execute();
        dsl.deleteFrom(MLMD_OBJECT).where(MLMD_OBJECT.RUN_ID.in(runIds)).execute();
        dsl.deleteFrom(RUN_TOMBSTONE).where(RUN_TOMBSTONE.RUN_ID.in(runIds)).execute();
        dsl.deleteFrom(io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER)
                .where(io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER.RUN_ID.in(runIds)).execute();
    }

    /**
     * run_metric is derived from the run's metrics and scope: its rows are upserted whenever either changes (a metric
     * name never leaves a run, and the first value per name never changes), and removed with the run. No delete and
     * re-insert: on InnoDB that takes gap locks that two segments' batches deadlock on.
     */
    private static void writeMetricRows(DSLContext dsl, List<RunProjection> runs) {
        List<String> deleted = runs.stream().filter(run -> run.row() == null).map(RunProjection::runId).toList();
        if (!deleted.isEmpty()) {
            dsl.deleteFrom(RUN_METRIC).where(RUN_METRIC.RUN_ID.in(deleted)).execute();
        }
        List<RunMetricRecord> rows = new ArrayList<>();
        for (RunProjection run : runs) {
            RunListRecord row = run.row();
            if (row == null) {
                continue;
            }
            for (RunJson.Metric metric : run.firstMetricPerName()) {
                rows.add(new RunMetricRecord(run.runId(), metric.name(), metric.nodeId(), metric.numberValue(),
                        metric.format() == null ? "" : metric.format().name(), row.getNamespace(),
                        row.getExperimentId(), row.getStorageState()));
            }
        }
        upsert(dsl, RUN_METRIC, rows);
    }

    /**
     * Inserts the rows; where the primary key exists: a table with a version column takes the row only when its
     * version is higher than the stored one, mlmd_object keeps the stored row, any other table takes the new values
     * ({@link UpsertTemplate}).
     */
    public static <R extends TableRecord<R>> void upsert(DSLContext dsl, Table<R> table, List<R> rows) {
        if (rows.isEmpty()) {
            return;
        }
        UpsertTemplate template = UpsertTemplate.of(dsl, table);
        for (List<R> chunk : chunks(rows)) {
            template.execute(dsl, chunk);
        }
    }

    public static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            chunks.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
        }
        return chunks;
    }

    public static Map<String, List<ProjectedEvent>> byRun(List<ProjectedEvent> events) {
        return events.stream().collect(Collectors.groupingBy(ProjectedEvent::runId, LinkedHashMap::new,
                Collectors.toList()));
    }
}
