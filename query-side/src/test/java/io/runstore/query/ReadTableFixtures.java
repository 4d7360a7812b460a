package io.runstore.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.readtables.EpochMicros;
import io.runstore.readtables.NameKey;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.readtables.NamespaceCounts;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_TASK;
import static io.runstore.readtables.schema.Tables.RUN_TOMBSTONE;

/**
 * Test-only writer of the read tables, following the JSON contract in V1__read_tables.sql, so query tests do not
 * depend on the projector. Also keeps run_counts as the projector must: one row per (namespace, experiment, storage
 * state, state).
 */
public final class ReadTableFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;

    public ReadTableFixtures(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Creates the read tables as the projector role does. */
    public static void migrate(DataSource dataSource, SQLDialect dialect) {
        ReadTablesSchema.migrate(dataSource, dialect);
    }

    public void clear() {
        for (var table : List.of(RUN_LIST, RUN_DETAIL, RUN_TASK, RUN_METRIC, RUN_COUNTS, RUN_NAMESPACE_COUNTS,
                RUN_TOMBSTONE)) {
            dsl.deleteFrom(table).execute();
        }
    }

    /**
     * Writes the runs and the run_counts rows of exactly these runs (to a scope without counter rows), and their
     * namespaces' run_namespace_counts rows as run_counts' sums.
     */
    public void insertRuns(List<FixtureRun> runs) {
        insertRunsKeepingCounts(runs);
        insertCounts(runs);
    }

    /** Writes the runs (run_list, run_detail, run_metric) and leaves the counters as they are. */
    public void insertRunsKeepingCounts(List<FixtureRun> runs) {
        var insertRuns = new ArrayList<org.jooq.Query>();
        for (FixtureRun run : runs) {
            insertRuns.add(dsl.insertInto(RUN_LIST)
                    .set(RUN_LIST.RUN_ID, run.runId())
                    .set(RUN_LIST.NAMESPACE, run.namespace())
                    .set(RUN_LIST.EXPERIMENT_ID, run.experimentId())
                    .set(RUN_LIST.DISPLAY_NAME, run.displayName())
                    .set(RUN_LIST.DISPLAY_NAME_KEY, NameKey.of(run.displayName()))
                    .set(RUN_LIST.DESCRIPTION, run.description())
                    .set(RUN_LIST.STATE, run.state())
                    .set(RUN_LIST.STORAGE_STATE, run.storageState())
                    .set(RUN_LIST.CREATED_AT, run.createdAt())
                    .set(RUN_LIST.SCHEDULED_AT, run.scheduledAt())
                    .set(RUN_LIST.FINISHED_AT, run.finishedAt())
                    .set(RUN_LIST.RECURRING_RUN_ID, run.recurringRunId())
                    .set(RUN_LIST.PIPELINE_ID, run.pipelineId())
                    .set(RUN_LIST.PIPELINE_VERSION_ID, "")
                    .set(RUN_LIST.SERVICE_ACCOUNT, "runner")
                    .set(RUN_LIST.TASK_COUNT, 0)
                    .set(RUN_LIST.ERROR, run.state().equals("FAILED")
                            ? "{\"code\":2,\"message\":\"step failed\",\"details\":[]}" : null)
                    .set(RUN_LIST.RESOURCE_REFERENCES, "[]")
                    .set(RUN_LIST.TASK_SUMMARY, "{\"task_count\":0,\"by_state\":{}}")
                    .set(RUN_LIST.METRICS, metrics(run))
                    .set(RUN_LIST.STATE_HISTORY, "[{\"update_time\":\"" + EpochMicros.toInstant(run.createdAt())
                            + "\",\"state\":\"" + run.state() + "\"}]")
                    .set(RUN_LIST.VERSION, 0L));
            insertRuns.add(dsl.insertInto(RUN_DETAIL)
                    .set(RUN_DETAIL.RUN_ID, run.runId())
                    .set(RUN_DETAIL.PIPELINE_SPEC, "{\"pipelineInfo\":{\"name\":\"p\"}}")
                    .set(RUN_DETAIL.RUNTIME_CONFIG, "{\"parameters\":{\"lr\":0.1},\"pipeline_root\":\"s3://b\"}")
                    .set(RUN_DETAIL.VERSION, 0L));
            run.metrics().forEach((name, value) -> insertRuns.add(dsl.insertInto(RUN_METRIC)
                    .set(RUN_METRIC.RUN_ID, run.runId())
                    .set(RUN_METRIC.NAME, name)
                    .set(RUN_METRIC.NODE_ID, "train")
                    .set(RUN_METRIC.NUMBER_VALUE, value)
                    .set(RUN_METRIC.FORMAT, "RAW")
                    .set(RUN_METRIC.NAMESPACE, run.namespace())
                    .set(RUN_METRIC.EXPERIMENT_ID, run.experimentId())
                    .set(RUN_METRIC.STORAGE_STATE, run.storageState())));
        }
        if (!insertRuns.isEmpty()) {
            dsl.batch(insertRuns).execute();
        }
    }

    private void insertCounts(List<FixtureRun> runs) {
        Map<List<String>, Long> counts = new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        for (FixtureRun run : runs) {
            counts.merge(List.of(run.namespace(), run.experimentId(), run.storageState(), run.state()), 1L, Long::sum);
        }
        var insertCounts = new ArrayList<org.jooq.Query>();
        counts.forEach((key, count) -> insertCounts.add(dsl.insertInto(RUN_COUNTS)
                .set(RUN_COUNTS.NAMESPACE, key.get(0))
                .set(RUN_COUNTS.EXPERIMENT_ID, key.get(1))
                .set(RUN_COUNTS.STORAGE_STATE, key.get(2))
                .set(RUN_COUNTS.STATE, key.get(3))
                .set(RUN_COUNTS.RUN_COUNT, count)));
        if (!insertCounts.isEmpty()) {
            dsl.batch(insertCounts).execute();
        }
        NamespaceCounts.refresh(dsl, runs.stream().map(FixtureRun::namespace).distinct().toList());
    }

    public void insertTasks(List<FixtureTask> tasks) {
        var inserts = new ArrayList<org.jooq.Query>();
        for (FixtureTask task : tasks) {
            inserts.add(dsl.insertInto(RUN_TASK)
                    .set(RUN_TASK.RUN_ID, task.runId())
                    .set(RUN_TASK.TASK_ID, task.taskId())
                    .set(RUN_TASK.NAMESPACE, task.namespace())
                    .set(RUN_TASK.NAME, task.name())
                    .set(RUN_TASK.NAME_KEY, NameKey.of(task.name()))
                    .set(RUN_TASK.DISPLAY_NAME, task.displayName())
                    .set(RUN_TASK.DISPLAY_NAME_KEY, NameKey.of(task.displayName()))
                    .set(RUN_TASK.PARENT_TASK_ID, task.parentTaskId())
                    .set(RUN_TASK.TYPE, task.type())
                    .set(RUN_TASK.STATE, task.state())
                    .set(RUN_TASK.CACHE_FINGERPRINT, task.cacheFingerprint())
                    .set(RUN_TASK.CREATE_TIME, task.createTime())
                    .set(RUN_TASK.END_TIME, task.endTime())
                    .set(RUN_TASK.TASK, taskJson(task))
                    .set(RUN_TASK.VERSION, 0L));
        }
        if (!inserts.isEmpty()) {
            dsl.batch(inserts).execute();
        }
    }

    /** The whole KFP v2beta1 PipelineTask, as the projector stores it. */
    public static String taskJson(FixtureTask task) {
        ObjectNode node = JSON.createObjectNode()
                .put("task_id", task.taskId())
                .put("run_id", task.runId())
                .put("name", task.name())
                .put("display_name", task.displayName())
                .put("type", task.type())
                .put("state", task.state())
                .put("create_time", EpochMicros.toInstant(task.createTime()).toString());
        if (!task.parentTaskId().isEmpty()) {
            node.put("parent_task_id", task.parentTaskId());
        }
        if (!task.cacheFingerprint().isEmpty()) {
            node.put("cache_fingerprint", task.cacheFingerprint());
        }
        if (task.endTime() != 0) {
            node.put("end_time", EpochMicros.toInstant(task.endTime()).toString());
        }
        node.putArray("pods").addObject().put("name", task.name() + "-pod").put("uid", "uid-" + task.taskId())
                .put("type", "EXECUTOR");
        return node.toString();
    }

    public void tombstone(String runId, long version) {
        dsl.insertInto(RUN_TOMBSTONE).set(RUN_TOMBSTONE.RUN_ID, runId).set(RUN_TOMBSTONE.VERSION, version)
                .set(RUN_TOMBSTONE.DELETED_AT, 1L).execute();
    }

    public void setVersion(String runId, long version) {
        dsl.update(RUN_LIST).set(RUN_LIST.VERSION, version).where(RUN_LIST.RUN_ID.eq(runId)).execute();
    }

    private static String metrics(FixtureRun run) {
        var array = JSON.createArrayNode();
        run.metrics().forEach((name, value) -> array.addObject().put("name", name).put("node_id", "train")
                .put("number_value", value).put("format", "RAW"));
        return array.toString();
    }

    public static DSLContext connect(DataSource dataSource, SQLDialect dialect) {
        return DSL.using(dataSource, dialect);
    }
}
