package io.runstore.query.run;

import io.runstore.query.listing.Operation;
import io.runstore.query.listing.Predicate;
import io.runstore.query.listing.Sort;
import io.runstore.query.sql.QueryDsl;

import java.util.List;
import java.util.Map;

/**
 * Which run_list / run_metric index serves a ListRuns query (V1__read_tables.sql). The supported matrix, where
 * {@link RunLister} reads a page as one range scan of run_list per storage state, in index order (no sort step, no
 * join, no full scan; RunListerPlanTest EXPLAINs every cell on both databases):
 *
 * <pre>
 *   scope          namespace = ?  |  experiment_id = ?
 * x storage_state  any (one scan per state, merged)  |  EQUALS AVAILABLE  |  EQUALS ARCHIVED  |  NOT_EQUALS ARCHIVED
 *                  (= EQUALS AVAILABLE, see {@link StorageBranches})
 * x state          any  |  EQUALS ?
 * x sort_by        created_at | finished_at | scheduled_at | display_name | state | run_id,  asc | desc
 *                  (run_id is the tie-breaker in the same direction)
 * x page           first page  |  keyset page after (sort value, run_id)
 * </pre>
 *
 * A cell's index is (scope, storage_state[, state], sort key, run_id), or (scope, storage_state, state, run_id) to
 * sort by state, or by run_id under a state filter, or (scope, storage_state, run_id) to sort by run_id alone; its
 * total_size is a sum of counter rows ({@link RunCounters}). Null outside the matrix (scope ALL, another sort key): the database plans
 * those alone, under the statement timeout.
 */
final class RunIndexes {

    private static final Map<String, String> SORT_SUFFIX = Map.of("created_at", "created", "finished_at", "finished",
            "scheduled_at", "scheduled", "display_name", "name_key");

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

    /**
     * Whether the filter searches names ({@code display_name IS_SUBSTRING}): on PostgreSQL the trigram index
     * {@code ix_run_list_name_key_trgm} (V11) may serve it, which no fixed plan can choose well
     * ({@link QueryDsl.Planning#FOR_THE_VALUES}).
     */
    static boolean searchesNames(List<Predicate> residual) {
        return residual.stream().anyMatch(predicate -> predicate.column().key().equals("display_name")
                && predicate.operation() == Operation.IS_SUBSTRING);
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
