package io.runstore.query.run;

import io.runstore.query.listing.Operation;
import io.runstore.query.listing.Predicate;
import io.runstore.query.listing.Sort;

import java.util.List;
import java.util.Map;

/**
 * Which run_list / run_metric index serves a ListRuns query of the matrix (V1__read_tables.sql): scope, storage state
 * (always an equality here, see {@link StorageBranches}), an optional {@code state EQUALS}, the sort key. Null outside
 * the matrix (scope ALL, another sort key): the database plans those alone, under the statement timeout.
 */
final class RunIndexes {

    private static final Map<String, String> SORT_SUFFIX = Map.of("created_at", "created", "finished_at", "finished",
            "scheduled_at", "scheduled", "display_name", "name");

    private RunIndexes() {
    }

    static String runList(RunScope scope, List<Predicate> residual, String sortKey) {
        String prefix = prefix(scope, "ix_run_list_");
        if (prefix == null) {
            return null;
        }
        boolean stateEquals = residual.stream().anyMatch(predicate -> predicate.column().key().equals("state")
                && predicate.operation() == Operation.EQUALS);
        if (sortKey.equals("state") || (sortKey.equals("run_id") && stateEquals)) {
            return prefix + "state";
        }
        if (sortKey.equals("run_id")) {
            return prefix + "run";
        }
        String suffix = SORT_SUFFIX.get(sortKey);
        return suffix == null ? null : prefix + (stateEquals ? "st_" : "") + suffix;
    }

    static String runList(RunScope scope, List<Predicate> residual, Sort sort) {
        boolean byRunId = sort.byMetric() || constantWithinScan(scope, residual, sort.column().key());
        return runList(scope, residual, byRunId ? "run_id" : sort.column().key());
    }

    /**
     * Whether every row one range scan reads has the same value of this sort key: storage_state (one scan per state),
     * the scope's own column, or a key the filter pins with EQUALS. Such a scan is ordered by run_id alone (ordering by
     * the constant too makes MariaDB sort every matching row).
     */
    static boolean constantWithinScan(RunScope scope, List<Predicate> residual, String key) {
        return key.equals("storage_state")
                || (scope.kind() == RunScope.Kind.NAMESPACE && key.equals("namespace"))
                || (scope.kind() == RunScope.Kind.EXPERIMENT && key.equals("experiment_id"))
                || residual.stream().anyMatch(predicate -> predicate.column().key().equals(key)
                && predicate.operation() == Operation.EQUALS);
    }

    static String runMetric(RunScope scope) {
        String prefix = prefix(scope, "ix_run_metric_");
        return prefix == null ? null : prefix.substring(0, prefix.length() - 1);
    }

    private static String prefix(RunScope scope, String table) {
        return switch (scope.kind()) {
            case NAMESPACE -> table + "ns_";
            case EXPERIMENT -> table + "exp_";
            case ALL -> null;
        };
    }
}
