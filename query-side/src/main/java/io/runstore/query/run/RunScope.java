package io.runstore.query.run;

import org.jooq.Condition;
import org.jooq.Field;

import static io.runstore.projections.schema.Tables.RUN_COUNTS;
import static io.runstore.projections.schema.Tables.RUN_LIST;
import static io.runstore.projections.schema.Tables.RUN_METRIC;
import static org.jooq.impl.DSL.noCondition;

/** The runs a ListRuns request ranges over: one namespace, one experiment, or (single-user mode) all runs. */
public record RunScope(Kind kind, String id) {

    public enum Kind {
        NAMESPACE,
        EXPERIMENT,
        ALL
    }

    public static RunScope namespace(String namespace) {
        return new RunScope(Kind.NAMESPACE, namespace);
    }

    public static RunScope experiment(String experimentId) {
        return new RunScope(Kind.EXPERIMENT, experimentId);
    }

    public static RunScope all() {
        return new RunScope(Kind.ALL, "");
    }

    /** What page tokens are bound to. */
    public String token() {
        return kind.name().toLowerCase() + ":" + id;
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

    private Condition on(Field<String> namespace, Field<String> experiment) {
        return switch (kind) {
            case NAMESPACE -> namespace.eq(id);
            case EXPERIMENT -> experiment.eq(id);
            case ALL -> noCondition();
        };
    }
}
