package io.runstore.projections.fold;

import io.runstore.readtables.schema.tables.records.RunListRecord;

/** The run_counts row a run is counted in. Ordered, so concurrent writers lock counter rows in the same order. */
public record RunCountKey(String namespace, String experimentId, String storageState, String state)
        implements Comparable<RunCountKey> {

    public static RunCountKey of(RunListRecord row) {
        return new RunCountKey(row.getNamespace(), row.getExperimentId(), row.getStorageState(), row.getState());
    }

    @Override
    public int compareTo(RunCountKey other) {
        int c = namespace.compareTo(other.namespace);
        c = c != 0 ? c : experimentId.compareTo(other.experimentId);
        c = c != 0 ? c : storageState.compareTo(other.storageState);
        return c != 0 ? c : state.compareTo(other.state);
    }
}
