package io.runstore.projections.write;

import io.runstore.projections.fold.RunCountKey;
import io.runstore.projections.fold.RunProjection;
import io.runstore.readtables.schema.tables.records.RunCountsRecord;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;

/** How a batch moves {@code run_counts}: each run whose scope, storage state or state changed moves one count. */
final class RunCounts {

    private RunCounts() {
    }

    /** The non-zero change of each key's count after the batch. */
    static Map<RunCountKey, Long> deltas(Collection<RunProjection> runs) {
        Map<RunCountKey, Long> deltas = new TreeMap<>();
        for (RunProjection run : runs) {
            RunCountKey before = run.countedAs();
            RunCountKey after = run.row() == null ? null : RunCountKey.of(run.row());
            if (Objects.equals(before, after)) {
                continue;
            }
            if (before != null) {
                deltas.merge(before, -1L, Long::sum);
            }
            if (after != null) {
                deltas.merge(after, 1L, Long::sum);
            }
        }
        deltas.values().removeIf(delta -> delta == 0L);
        return deltas;
    }

    static void write(DSLContext dsl, Map<RunCountKey, Long> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        List<RunCountsRecord> rows = deltas.entrySet().stream().map(delta -> new RunCountsRecord(
                delta.getKey().namespace(), delta.getKey().experimentId(), delta.getKey().storageState(),
                delta.getKey().state(), delta.getValue())).toList();
        dsl.insertInto(RUN_COUNTS).columns(RUN_COUNTS.fields()).valuesOfRecords(rows)
                .onDuplicateKeyUpdate()
                .set(RUN_COUNTS.RUN_COUNT, RUN_COUNTS.RUN_COUNT.plus(DSL.excluded(RUN_COUNTS.RUN_COUNT)))
                .execute();
        // one primary-key lookup per emptied counter: given many OR-ed keys on this small table MariaDB scans it, and
        // the scan locks the counters other segments' batches hold, which deadlocks them
        List<Query> emptied = deltas.entrySet().stream()
                .filter(delta -> delta.getValue() < 0)
                .map(delta -> (Query) dsl.deleteFrom(RUN_COUNTS)
                        .where(RUN_COUNTS.NAMESPACE.eq(delta.getKey().namespace()))
                        .and(RUN_COUNTS.EXPERIMENT_ID.eq(delta.getKey().experimentId()))
                        .and(RUN_COUNTS.STORAGE_STATE.eq(delta.getKey().storageState()))
                        .and(RUN_COUNTS.STATE.eq(delta.getKey().state()))
                        .and(RUN_COUNTS.RUN_COUNT.eq(0L)))
                .toList();
        if (!emptied.isEmpty()) {
            dsl.batch(emptied).execute();
        }
    }
}
