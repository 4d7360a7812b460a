package io.runstore.query.run;

import org.jooq.Condition;
import org.jooq.Field;

import java.util.List;
import java.util.Set;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static org.jooq.impl.DSL.falseCondition;
import static org.jooq.impl.DSL.noCondition;

/**
 * The runs a ListRuns request ranges over: one namespace, one experiment, or (single-user mode) all runs. In
 * multi-user mode an experiment is read only within the caller's namespaces ({@code within}; null means anywhere):
 * runstore does not own experiments, so nothing stops two namespaces from reporting runs under one experiment id.
 */
public record RunScope(Kind kind, String id, List<String> within) {

    public enum Kind {
        NAMESPACE,
        EXPERIMENT,
        ALL
    }

    public RunScope {
        within = within == null ? null : within.stream().sorted().distinct().toList();
    }

    public static RunScope namespace(String namespace) {
        return new RunScope(Kind.NAMESPACE, namespace, null);
    }

    public static RunScope experiment(String experimentId) {
        return new RunScope(Kind.EXPERIMENT, experimentId, null);
    }

    /** The runs of an experiment that are in one of these namespaces (none when the set is empty). */
    public static RunScope experimentWithin(String experimentId, Set<String> namespaces) {
        return new RunScope(Kind.EXPERIMENT, experimentId, List.copyOf(namespaces));
    }

    public static RunScope all() {
        return new RunScope(Kind.ALL, "", null);
    }

    /** What page tokens are bound to. */
    public String token() {
        return kind.name().toLowerCase() + ":" + id + (within == null ? "" : "@" + String.join(",", within));
    }

    Condition runs() {
        return on(RUN_LIST.NAMESPACE, RUN_LIST.EXPERIMENT_ID);
    }

    Condition metrics() {
        return on(RUN_METRIC.NAMESPACE, RUN_METRIC.EXPERIMENT_ID);
    }

    Condition counts() {
        return on(RUN_COUNTS.NAMESPACE, RUN_COUNTS.EXPERIMENT_ID);
    }

    /** run_namespace_counts' rows of the scope; an experiment's are in run_counts ({@link #counts()}). */
    Condition namespaceCounts() {
        return switch (kind) {
            case NAMESPACE -> RUN_NAMESPACE_COUNTS.NAMESPACE.eq(id);
            case ALL -> noCondition();
            case EXPERIMENT -> throw new IllegalStateException("an experiment's counts are in run_counts");
        };
    }

    private Condition on(Field<String> namespace, Field<String> experiment) {
        Condition namespaces = within == null ? noCondition()
                : within.isEmpty() ? falseCondition() : namespace.in(within);
        return switch (kind) {
            case NAMESPACE -> namespace.eq(id);
            case EXPERIMENT -> experiment.eq(id).and(namespaces);
            case ALL -> noCondition();
        };
    }
}
