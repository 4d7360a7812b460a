package io.runstore.testsupport.readtables;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.Collection;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;

/**
 * Writes run_namespace_counts as the sums of run_counts, the read-model contract between the two tables, for
 * loaders and fixtures that write run_counts directly (the projector moves both itself).
 */
public final class NamespaceCounts {

    private NamespaceCounts() {
    }

    /** Replaces every namespace's rows by the sums of its run_counts rows. */
    public static void refreshAll(DSLContext dsl) {
        refresh(dsl, DSL.noCondition(), DSL.noCondition());
    }

    /** Replaces these namespaces' rows by the sums of their run_counts rows. */
    public static void refresh(DSLContext dsl, Collection<String> namespaces) {
        if (!namespaces.isEmpty()) {
            refresh(dsl, RUN_NAMESPACE_COUNTS.NAMESPACE.in(namespaces), RUN_COUNTS.NAMESPACE.in(namespaces));
        }
    }

    private static void refresh(DSLContext dsl, Condition namespaceRows, Condition countRows) {
        dsl.deleteFrom(RUN_NAMESPACE_COUNTS).where(namespaceRows).execute();
        dsl.insertInto(RUN_NAMESPACE_COUNTS, RUN_NAMESPACE_COUNTS.NAMESPACE, RUN_NAMESPACE_COUNTS.STORAGE_STATE,
                        RUN_NAMESPACE_COUNTS.STATE, RUN_NAMESPACE_COUNTS.RUN_COUNT)
                .select(dsl.select(RUN_COUNTS.NAMESPACE, RUN_COUNTS.STORAGE_STATE, RUN_COUNTS.STATE,
                                DSL.sum(RUN_COUNTS.RUN_COUNT).cast(Long.class))
                        .from(RUN_COUNTS).where(countRows)
                        .groupBy(RUN_COUNTS.NAMESPACE, RUN_COUNTS.STORAGE_STATE, RUN_COUNTS.STATE))
                .execute();
    }
}
