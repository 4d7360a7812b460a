package io.runstore.query.run;

import io.runstore.query.listing.RawJson;
import io.runstore.readtables.EpochMicros;
import io.runstore.readtables.schema.tables.records.RunListRecord;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.runstore.readtables.schema.Tables.RUN_TASK;

/** Maps run_list rows to API runs and, for view FULL, reads their tasks in one query. */
final class RunRows {

    private RunRows() {
    }

    static RunView view(RunListRecord row, String pipelineSpec, String runtimeConfig) {
        RunView.PipelineVersionReferenceView reference = row.getPipelineId().isEmpty()
                && row.getPipelineVersionId().isEmpty() ? null
                : new RunView.PipelineVersionReferenceView(row.getPipelineId(), row.getPipelineVersionId());
        return new RunView(row.getExperimentId(), row.getRunId(), row.getDisplayName(), row.getStorageState(),
                row.getDescription(), reference, pipelineSpec, runtimeConfig, row.getServiceAccount(),
                EpochMicros.toInstant(row.getCreatedAt()), EpochMicros.toInstant(row.getScheduledAt()),
                EpochMicros.toInstant(row.getFinishedAt()), row.getState(), row.getError(), row.getRecurringRunId(),
                row.getStateHistory(), row.getTaskCount(), null);
    }

    /** The tasks of these runs, each run's in creation order. */
    static Map<String, List<RawJson>> tasks(DSLContext dsl, Collection<String> runIds) {
        Map<String, List<RawJson>> byRun = new HashMap<>();
        if (runIds.isEmpty()) {
            return byRun;
        }
        dsl.select(RUN_TASK.RUN_ID, RUN_TASK.TASK).from(RUN_TASK)
                .where(RUN_TASK.RUN_ID.in(runIds))
                .orderBy(RUN_TASK.RUN_ID, RUN_TASK.CREATE_TIME, RUN_TASK.TASK_ID)
                .forEach(row -> byRun.computeIfAbsent(row.value1(), id -> new ArrayList<>()).add(new RawJson(row.value2())));
        return byRun;
    }

    static List<RunView> withTasks(DSLContext dsl, List<RunView> runs) {
        Map<String, List<RawJson>> tasks = tasks(dsl, runs.stream().map(RunView::runId).toList());
        return runs.stream().map(run -> run.withTasks(tasks.getOrDefault(run.runId(), List.of()))).toList();
    }
}
