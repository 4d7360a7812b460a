package io.runstore.projections.write;

import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunDeleted;
import io.runstore.events.task.TaskCreated;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.readtables.schema.tables.records.MlmdObjectRecord;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.runstore.readtables.schema.Tables.MLMD_OBJECT;

/**
 * mlmd_object's rows straight from the events, without the rest of the run's fold: what the backfill of the table
 * writes for the events the live projector applied before the table existed. The same rows as
 * {@link io.runstore.projections.fold.RunProjection}'s: the run's context at its RunCreated's position, an execution
 * per task at its TaskCreated's position, all of them removed with the run. Writes are idempotent (an upsert of the
 * same values, a delete), so the live projector may write the same rows meanwhile.
 */
public final class MlmdObjectRows {

    private MlmdObjectRows() {
    }

    /** Applies the events (of any type, in position order) to mlmd_object. */
    public static void backfill(DSLContext dsl, List<ProjectedEvent> events) {
        Map<String, List<MlmdObjectRecord>> created = new LinkedHashMap<>();
        Set<String> deleted = new LinkedHashSet<>();
        for (ProjectedEvent event : events) {
            if (event.position() <= 0) {
                continue;
            }
            Object payload = event.payload();
            if (payload instanceof RunCreated) {
                created.computeIfAbsent(event.runId(), runId -> new ArrayList<>())
                        .add(new MlmdObjectRecord(event.position(), event.runId(), ""));
            } else if (payload instanceof TaskCreated task) {
                created.computeIfAbsent(event.runId(), runId -> new ArrayList<>())
                        .add(new MlmdObjectRecord(event.position(), event.runId(), task.taskId()));
            } else if (payload instanceof RunDeleted) {
                created.remove(event.runId());
                deleted.add(event.runId());
            }
        }
        for (List<String> runIds : ReadTables.chunks(new ArrayList<>(deleted))) {
            dsl.deleteFrom(MLMD_OBJECT).where(MLMD_OBJECT.RUN_ID.in(runIds)).execute();
        }
        ReadTables.upsert(dsl, MLMD_OBJECT, created.values().stream().flatMap(List::stream).toList());
    }
}
