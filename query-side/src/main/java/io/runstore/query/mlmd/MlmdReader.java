package io.runstore.query.mlmd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.query.mlmd.MlmdObjects.RunRow;
import io.runstore.query.mlmd.MlmdObjects.TaskRow;
import org.jooq.DSLContext;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.runstore.readtables.schema.Tables.MLMD_OBJECT;
import static io.runstore.readtables.schema.Tables.READ_TABLE_STATE;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_TASK;

/**
 * The rows behind a run's ML Metadata objects: mlmd_object (the ids the projector gave the run and its tasks), run_list
 * and run_task. Every read is a primary-key or unique-index lookup, or one run's tasks. Never writes. mlmd_object is
 * read only once it is {@link #ready}.
 */
public final class MlmdReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READY = "READY";

    private final DSLContext dsl;

    public MlmdReader(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Whether mlmd_object may be read: false while it is backfilled (a database whose runs were projected before the
     * table existed, until the backfill has gone through the log). Read on every call: one primary-key lookup.
     */
    public boolean ready() {
        return dsl.select(READ_TABLE_STATE.STATE).from(READ_TABLE_STATE)
                .where(READ_TABLE_STATE.TABLE_NAME.eq(MLMD_OBJECT.getName())).fetchOptional(READ_TABLE_STATE.STATE)
                .map(READY::equals).orElse(true);
    }

    /** The run by its id (the context's name). */
    public Optional<RunRow> runByName(String runId) {
        return dsl.select(MLMD_OBJECT.MLMD_ID, RUN_LIST.RUN_ID, RUN_LIST.NAMESPACE, RUN_LIST.CREATED_AT)
                .from(MLMD_OBJECT).join(RUN_LIST).on(RUN_LIST.RUN_ID.eq(MLMD_OBJECT.RUN_ID))
                .where(MLMD_OBJECT.RUN_ID.eq(runId)).and(MLMD_OBJECT.TASK_ID.eq(""))
                .fetchOptional(row -> new RunRow(row.value1(), row.value2(), row.value3(), row.value4()));
    }

    /** The run whose context has this id. */
    public Optional<RunRow> runByContextId(long contextId) {
        return dsl.select(MLMD_OBJECT.MLMD_ID, RUN_LIST.RUN_ID, RUN_LIST.NAMESPACE, RUN_LIST.CREATED_AT)
                .from(MLMD_OBJECT).join(RUN_LIST).on(RUN_LIST.RUN_ID.eq(MLMD_OBJECT.RUN_ID))
                .where(MLMD_OBJECT.MLMD_ID.eq(contextId)).and(MLMD_OBJECT.TASK_ID.eq(""))
                .fetchOptional(row -> new RunRow(row.value1(), row.value2(), row.value3(), row.value4()));
    }

    /** The runs these execution ids belong to (ids of contexts or of nothing are left out): execution id to run id. */
    public Map<Long, String> runsOfExecutions(Collection<Long> executionIds) {
        if (executionIds.isEmpty()) {
            return Map.of();
        }
        return dsl.select(MLMD_OBJECT.MLMD_ID, MLMD_OBJECT.RUN_ID).from(MLMD_OBJECT)
                .where(MLMD_OBJECT.MLMD_ID.in(executionIds)).and(MLMD_OBJECT.TASK_ID.ne(""))
                .fetchMap(MLMD_OBJECT.MLMD_ID, MLMD_OBJECT.RUN_ID);
    }

    /** Every task of the run that has an MLMD id, in id (creation) order. */
    public List<TaskRow> tasks(String runId) {
        return dsl.select(MLMD_OBJECT.MLMD_ID, RUN_TASK.TASK_ID, RUN_TASK.NAMESPACE, RUN_TASK.STATE,
                        RUN_TASK.CREATE_TIME, RUN_TASK.END_TIME, RUN_TASK.TASK)
                .from(RUN_TASK).join(MLMD_OBJECT)
                .on(MLMD_OBJECT.RUN_ID.eq(RUN_TASK.RUN_ID)).and(MLMD_OBJECT.TASK_ID.eq(RUN_TASK.TASK_ID))
                .where(RUN_TASK.RUN_ID.eq(runId))
                .orderBy(MLMD_OBJECT.MLMD_ID)
                .fetch(row -> new TaskRow(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6(), parse(row.value7())));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run_task.task is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
