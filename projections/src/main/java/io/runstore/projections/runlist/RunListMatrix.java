package io.runstore.projections.runlist;

import io.runstore.events.run.StorageState;
import io.runstore.projections.schema.tables.records.RunListRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Index;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.SelectLimitPercentStep;
import org.jooq.SortField;
import org.jooq.SortOrder;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;

import static io.runstore.projections.schema.Tables.RUN_LIST;

/**
 * The supported ListRuns matrix, and the one query per cell that reads it as a single index range scan in index
 * order: no sort step, no join, no full scan (checked by the plan test on both databases).
 *
 * <pre>
 *   scope          namespace = ?  |  experiment_id = ?
 * x storage_state  EQUALS AVAILABLE | EQUALS ARCHIVED | NOT_EQUALS ARCHIVED (= EQUALS AVAILABLE: the projector
 *                  writes no other storage state)
 * x state          none | EQUALS ?
 * x sort_by        created_at | finished_at | scheduled_at | display_name | state | run_id,  asc | desc
 *                  (run_id is the tie-breaker in the same direction)
 * x page           first page | keyset page after (sort value, run_id)
 * </pre>
 *
 * Each cell has an index of run_list: (scope, storage_state[, state], sort key, run_id), or (scope, storage_state,
 * state, run_id) when the sort key is state or run_id under a state filter, or (scope, storage_state, run_id) to sort
 * by run_id alone. PostgreSQL gets the keyset as a row comparison (an index condition); MySQL/MariaDB as the
 * expanded {@code a > ? OR (a = ? AND run_id > ?)} with FORCE INDEX naming the cell's index, because MariaDB's
 * optimizer otherwise may prefer a filesort at some data distributions.
 *
 * <p>PostgreSQL has no index hints; for a cell with a handful of rows (say 14 archived RUNNING runs of an experiment)
 * its planner prices a bitmap scan plus a sort of those rows a little below the ordered index scan. The query
 * therefore runs with {@code SET LOCAL enable_sort = off} ({@link #preparePlanner}), which prices a sort step out
 * whenever an ordered path exists, so every cell reads its index in order at any scope size: {@link #fetch} does
 * both. A reader that builds its own query must do the same.
 */
public final class RunListMatrix {

    /** The run's scope. */
    public enum Scope {
        NAMESPACE(RUN_LIST.NAMESPACE), EXPERIMENT(RUN_LIST.EXPERIMENT_ID);

        final Field<String> column;

        Scope(Field<String> column) {
            this.column = column;
        }
    }

    /** The storage_state predicates of the matrix. */
    public enum StorageFilter {
        EQUALS_AVAILABLE(StorageState.AVAILABLE), EQUALS_ARCHIVED(StorageState.ARCHIVED),
        NOT_EQUALS_ARCHIVED(StorageState.AVAILABLE);

        final StorageState equalTo;

        StorageFilter(StorageState equalTo) {
            this.equalTo = equalTo;
        }
    }

    /** The sort keys of the matrix. */
    public enum SortKey {
        CREATED_AT(RUN_LIST.CREATED_AT), FINISHED_AT(RUN_LIST.FINISHED_AT), SCHEDULED_AT(RUN_LIST.SCHEDULED_AT),
        DISPLAY_NAME(RUN_LIST.DISPLAY_NAME), STATE(RUN_LIST.STATE), RUN_ID(RUN_LIST.RUN_ID);

        final Field<?> column;

        SortKey(Field<?> column) {
            this.column = column;
        }
    }

    /** Where the previous page ended: its last row's sort value (a Long or a String) and run id. */
    public record After(Object sortValue, String runId) {
    }

    /**
     * One cell of the matrix with its parameters.
     *
     * @param state null for no state filter
     * @param after null for the first page
     */
    public record Request(Scope scope, String scopeId, StorageFilter storage, String state, SortKey sort,
                          boolean descending, After after, int limit) {
    }

    private RunListMatrix() {
    }

    /** The index that serves a cell: its columns are exactly the cell's equality prefix and order. */
    public static Index index(Scope scope, boolean stateFiltered, SortKey sort) {
        List<Field<?>> columns = new ArrayList<>(List.of(scope.column, RUN_LIST.STORAGE_STATE));
        if (stateFiltered || sort == SortKey.STATE) {
            columns.add(RUN_LIST.STATE);
        }
        if (sort != SortKey.STATE && sort != SortKey.RUN_ID) {
            columns.add(sort.column);
        }
        columns.add(RUN_LIST.RUN_ID);
        return RUN_LIST.getIndexes().stream()
                .filter(index -> index.getFields().stream().map(SortField::$field).toList().equals(columns))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("run_list has no index on " + columns));
    }

    /** The query of one cell, ready to fetch. */
    public static SelectLimitPercentStep<RunListRecord> select(DSLContext dsl, Request request) {
        boolean stateFiltered = request.state() != null;
        Index index = index(request.scope(), stateFiltered, request.sort());
        Condition where = request.scope().column.eq(request.scopeId())
                .and(RUN_LIST.STORAGE_STATE.eq(request.storage().equalTo.name()));
        if (stateFiltered) {
            where = where.and(RUN_LIST.STATE.eq(request.state()));
        }
        boolean orderedByRunIdOnly = request.sort() == SortKey.RUN_ID
                || (request.sort() == SortKey.STATE && stateFiltered);
        SortOrder order = request.descending() ? SortOrder.DESC : SortOrder.ASC;
        List<SortField<?>> orderBy = orderedByRunIdOnly
                ? List.of(RUN_LIST.RUN_ID.sort(order))
                : List.of(request.sort().column.sort(order), RUN_LIST.RUN_ID.sort(order));
        if (request.after() != null) {
            where = where.and(orderedByRunIdOnly
                    ? after(RUN_LIST.RUN_ID, request.after().runId(), request.descending())
                    : seek(dsl.dialect(), request.sort().column, request.after(), request.descending()));
        }
        return dsl.selectFrom(from(dsl.dialect(), index)).where(where).orderBy(orderBy).limit(request.limit());
    }

    /** Fetches one cell's page: the planner prepared and the query run in one transaction. */
    public static Result<RunListRecord> fetch(DSLContext dsl, Request request) {
        return dsl.transactionResult(transaction -> {
            preparePlanner(transaction.dsl());
            return select(transaction.dsl(), request).fetch();
        });
    }

    /** Within the current transaction, makes the planner prefer the ordered index scan (PostgreSQL only). */
    public static void preparePlanner(DSLContext dsl) {
        if (dsl.dialect().family() == SQLDialect.POSTGRES) {
            dsl.setLocal(DSL.name("enable_sort"), DSL.inline("off")).execute();
        }
    }

    private static Table<RunListRecord> from(SQLDialect dialect, Index index) {
        return dialect.family() == SQLDialect.POSTGRES ? RUN_LIST : RUN_LIST.forceIndex(index.getName());
    }

    @SuppressWarnings("unchecked")
    private static Condition seek(SQLDialect dialect, Field<?> sortColumn, After after, boolean descending) {
        Field<Object> column = (Field<Object>) sortColumn;
        if (dialect.family() == SQLDialect.POSTGRES) {
            return descending
                    ? DSL.row(column, RUN_LIST.RUN_ID).lt(after.sortValue(), after.runId())
                    : DSL.row(column, RUN_LIST.RUN_ID).gt(after.sortValue(), after.runId());
        }
        return after(column, after.sortValue(), descending)
                .or(column.eq(after.sortValue()).and(after(RUN_LIST.RUN_ID, after.runId(), descending)));
    }

    private static <T> Condition after(Field<T> column, T value, boolean descending) {
        return descending ? column.lt(value) : column.gt(value);
    }
}
