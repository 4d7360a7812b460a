package io.runstore.query.run;

import io.runstore.query.FixtureRun;
import io.runstore.readtables.NameKey;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The brute-force model of ListRuns: filter and sort the runs in memory. */
final class RunModel {

    static final Map<String, Function<FixtureRun, Object>> VALUES = Map.ofEntries(
            Map.entry("run_id", FixtureRun::runId),
            // names compare case-insensitively, as on KFP's MySQL: by their folded form
            Map.entry("display_name", run -> NameKey.of(run.displayName())),
            Map.entry("description", FixtureRun::description),
            Map.entry("created_at", FixtureRun::createdAt),
            Map.entry("finished_at", FixtureRun::finishedAt),
            Map.entry("scheduled_at", FixtureRun::scheduledAt),
            Map.entry("state", FixtureRun::state),
            Map.entry("storage_state", FixtureRun::storageState),
            Map.entry("experiment_id", FixtureRun::experimentId),
            Map.entry("namespace", FixtureRun::namespace),
            Map.entry("recurring_run_id", FixtureRun::recurringRunId),
            Map.entry("pipeline_id", FixtureRun::pipelineId),
            Map.entry("pipeline_version_id", run -> ""));

    /** A predicate of the model: key, operation and the values as the column compares them (String or micros). */
    record ModelPredicate(String key, String operation, List<Object> values) {

        @SuppressWarnings({"unchecked", "rawtypes"})
        boolean test(FixtureRun run) {
            Comparable actual = (Comparable) VALUES.get(key).apply(run);
            List<Object> values = key.equals("display_name")
                    ? this.values.stream().map(value -> (Object) NameKey.of((String) value)).toList() : this.values;
            Object value = values.get(0);
            return switch (operation) {
                case "EQUALS" -> actual.equals(value);
                case "NOT_EQUALS" -> !actual.equals(value);
                case "GREATER_THAN" -> actual.compareTo(value) > 0;
                case "GREATER_THAN_EQUALS" -> actual.compareTo(value) >= 0;
                case "LESS_THAN" -> actual.compareTo(value) < 0;
                case "LESS_THAN_EQUALS" -> actual.compareTo(value) <= 0;
                case "IN" -> values.contains(actual);
                case "IS_SUBSTRING" -> ((String) actual).contains((String) value);
                default -> throw new IllegalArgumentException(operation);
            };
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<FixtureRun> expected(List<FixtureRun> runs, RunScope scope, List<ModelPredicate> predicates,
                                     String sortKey, String metric, boolean descending) {
        Comparator<FixtureRun> order;
        if (metric != null) {
            Comparator<FixtureRun> byValue = Comparator.comparing(run -> run.metrics().get(metric));
            Comparator<FixtureRun> withMetric = (descending ? byValue.reversed() : byValue)
                    .thenComparing(descending ? Comparator.comparing(FixtureRun::runId).reversed()
                            : Comparator.comparing(FixtureRun::runId));
            Comparator<FixtureRun> withoutMetric = descending ? Comparator.comparing(FixtureRun::runId).reversed()
                    : Comparator.comparing(FixtureRun::runId);
            order = (a, b) -> {
                boolean hasA = a.metrics().containsKey(metric);
                boolean hasB = b.metrics().containsKey(metric);
                if (hasA != hasB) {
                    return hasA ? -1 : 1;
                }
                return hasA ? withMetric.compare(a, b) : withoutMetric.compare(a, b);
            };
        } else {
            Comparator<FixtureRun> ascending = Comparator.comparing(run -> (Comparable) VALUES.get(sortKey).apply(run));
            ascending = ascending.thenComparing(FixtureRun::runId);
            order = descending ? ascending.reversed() : ascending;
        }
        return runs.stream()
                .filter(run -> switch (scope.kind()) {
                    case NAMESPACE -> run.namespace().equals(scope.id());
                    case EXPERIMENT -> run.experimentId().equals(scope.id());
                    case ALL -> true;
                })
                .filter(run -> predicates.stream().allMatch(predicate -> predicate.test(run)))
                .sorted(order)
                .toList();
    }

    private RunModel() {
    }
}
