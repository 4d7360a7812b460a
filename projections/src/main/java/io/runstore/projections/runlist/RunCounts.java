package io.runstore.projections.runlist;

import io.runstore.projections.schema.tables.records.RunListRecord;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** How a batch moves {@code run_counts}: each run whose scope, storage state or state changed moves one count. */
final class RunCounts {

    /** A run_counts row's key. Ordered, so concurrent writers lock rows in the same order. */
    record Key(String namespace, String experimentId, String storageState, String state) implements Comparable<Key> {

        static Key of(RunListRecord row) {
            return new Key(row.getNamespace(), row.getExperimentId(), row.getStorageState(), row.getState());
        }

        @Override
        public int compareTo(Key other) {
            int c = namespace.compareTo(other.namespace);
            c = c != 0 ? c : experimentId.compareTo(other.experimentId);
            c = c != 0 ? c : storageState.compareTo(other.storageState);
            return c != 0 ? c : state.compareTo(other.state);
        }
    }

    private RunCounts() {
    }

    /** The non-zero change of each key's count after the batch. */
    static Map<Key, Long> deltas(Collection<RunProjection> runs) {
        Map<Key, Long> deltas = new TreeMap<>();
        for (RunProjection run : runs) {
            Key before = run.countedAs();
            Key after = run.row() == null ? null : Key.of(run.row());
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
}
