package io.runstore.query.run;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.Table;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalLong;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

/**
 * total_size from the projector's counters, one key range per scope: a namespace (and all runs) from
 * run_namespace_counts (a row per storage state and state, however many experiments), an experiment from run_counts
 * by ix_run_counts_experiment (a row per namespace it is in, storage state and state).
 */
record RunCounters(Table<?> table, Field<String> storageState, Field<String> state, Field<Long> runCount,
                   Condition scope) {

    static RunCounters of(RunScope scope) {
        return scope.kind() == RunScope.Kind.EXPERIMENT
                ? new RunCounters(RUN_COUNTS, RUN_COUNTS.STORAGE_STATE, RUN_COUNTS.STATE, RUN_COUNTS.RUN_COUNT,
                        scope.counts())
                : new RunCounters(RUN_NAMESPACE_COUNTS, RUN_NAMESPACE_COUNTS.STORAGE_STATE,
                        RUN_NAMESPACE_COUNTS.STATE, RUN_NAMESPACE_COUNTS.RUN_COUNT, scope.namespaceCounts());
    }

    /**
     * The scope's runs in these storage states (and this state, unless null), or empty when the scope has no counter
     * rows: it is empty, or its counters are not projected yet (the caller counts run_list then, cheap and exact).
     */
    OptionalLong total(DSLContext dsl, List<String> storageStates, String stateOrNull) {
        return total(query(dsl, storageStates, stateOrNull).fetchOne());
    }

    /** The statement {@link #total} runs, for a caller that sends it along with others. */
    ResultQuery<Record2<BigDecimal, Integer>> query(DSLContext dsl, List<String> storageStates, String stateOrNull) {
        return dsl.select(
                        sum(when(storageState.in(storageStates)
                                        .and(stateOrNull == null ? noCondition() : state.eq(stateOrNull)), runCount)
                                .otherwise(0L)),
                        count())
                .from(table).where(scope);
    }

    /** What {@link #total} answers, from the one row of {@link #query} (typed as read, or as the driver returned it). */
    static OptionalLong total(Record counted) {
        if (counted == null || counted.get(1, Integer.class) == 0) {
            return OptionalLong.empty();
        }
        BigDecimal sum = counted.get(0, BigDecimal.class);
        return OptionalLong.of(sum == null ? 0 : sum.longValueExact());
    }
}
