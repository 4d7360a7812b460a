package io.runstore.projections.write;

import io.runstore.projections.fold.RunCountKey;
import io.runstore.projections.fold.RunProjection;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;

/**
 * How a batch moves {@code run_counts} and {@code run_namespace_counts}: each run whose scope, storage state or state
 * changed moves one count in each. Counter rows are locked in one order (run_counts' keys sorted, then the namespace
 * rows sorted), so concurrent batches do not deadlock on them.
 */
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

    /** The same changes summed per namespace: the keys of {@code run_namespace_counts}, experiment id empty. */
    static Map<RunCountKey, Long> namespaceDeltas(Map<RunCountKey, Long> deltas) {
        Map<RunCountKey, Long> namespaces = new TreeMap<>();
        deltas.forEach((key, delta) -> namespaces.merge(
                new RunCountKey(key.namespace(), "", key.storageState(), key.state()), delta, Long::sum));
        namespaces.values().removeIf(delta -> delta == 0L);
        return namespaces;
    }

    static void write(DSLContext dsl, Map<RunCountKey, Long> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        move(dsl, RUN_COUNTS, List.of(RUN_COUNTS.NAMESPACE, RUN_COUNTS.EXPERIMENT_ID, RUN_COUNTS.STORAGE_STATE,
                RUN_COUNTS.STATE), RUN_COUNTS.RUN_COUNT, deltas,
                key -> List.of(key.namespace(), key.experimentId(), key.storageState(), key.state()));
        move(dsl, RUN_NAMESPACE_COUNTS, List.of(RUN_NAMESPACE_COUNTS.NAMESPACE, RUN_NAMESPACE_COUNTS.STORAGE_STATE,
                RUN_NAMESPACE_COUNTS.STATE), RUN_NAMESPACE_COUNTS.RUN_COUNT, namespaceDeltas(deltas),
                key -> List.of(key.namespace(), key.storageState(), key.state()));
    }

    /** Adds each delta to its counter row (created at the delta), then deletes the rows that reached zero. */
    private static <R extends Record> void move(DSLContext dsl, Table<R> table, List<TableField<R, String>> key,
                                                TableField<R, Long> count, Map<RunCountKey, Long> deltas,
                                                Function<RunCountKey, List<String>> keyValues) {
        if (deltas.isEmpty()) {
            return;
        }
        List<Field<?>> columns = new ArrayList<>(key);
        columns.add(count);
        InsertValuesStepN<R> insert = dsl.insertInto(table, columns);
        deltas.forEach((counter, delta) -> {
            List<Object> values = new ArrayList<>(keyValues.apply(counter));
            values.add(delta);
            insert.values(values);
        });
        insert.onDuplicateKeyUpdate().set(count, count.plus(DSL.excluded(count))).execute();
        // one primary-key lookup per emptied counter: given many OR-ed keys on this small table MariaDB scans it, and
        // the scan locks the counters other segments' batches hold, which deadlocks them
        List<Query> emptied = new ArrayList<>();
        deltas.forEach((counter, delta) -> {
            if (delta < 0) {
                List<String> values = keyValues.apply(counter);
                Condition row = count.eq(0L);
                for (int i = 0; i < key.size(); i++) {
                    row = row.and(key.get(i).eq(values.get(i)));
                }
                emptied.add(dsl.deleteFrom(table).where(row));
            }
        });
        if (!emptied.isEmpty()) {
            dsl.batch(emptied).execute();
        }
    }
}
