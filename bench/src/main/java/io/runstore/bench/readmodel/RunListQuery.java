package io.runstore.bench.readmodel;

import io.runstore.bench.listruns.ListRunsImplementation;
import io.runstore.bench.listruns.ListRunsPage;
import io.runstore.bench.listruns.ListRunsRequest;
import io.runstore.bench.listruns.ListRunsScope;
import io.runstore.bench.listruns.PageStart;
import io.runstore.bench.listruns.RunPosition;
import io.runstore.bench.listruns.RunPredicate;
import io.runstore.events.run.StorageState;
import io.runstore.projections.schema.EpochMicros;
import io.runstore.projections.schema.tables.records.RunListRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.SortField;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.runstore.projections.schema.Tables.RUN_COUNTS;
import static io.runstore.projections.schema.Tables.RUN_LIST;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.sum;

/**
 * runstore's ListRuns as SQL alone: a keyset page of run_list, one index range scan per storage state read in
 * index order ({@code seek} past the previous page's last (created_at, run_id)), and total_size summed from
 * run_counts when the filter is one the counters cover (scope, storage state, state), a COUNT(*) otherwise.
 * {@code storage_state NOT_EQUALS ARCHIVED} becomes {@code EQUALS AVAILABLE}; with no storage-state filter the page is
 * the merge of one range scan per storage state, each already in order and limited (merged here: as a UNION ALL,
 * MariaDB materializes the branches' text columns in an on-disk temporary table, ten times slower).
 * <p>
 * This restates what the query API does; phase two replaces it with the query API's own query builder.
 */
public final class RunListQuery implements ListRunsImplementation {

    private final DSLContext dsl;

    public RunListQuery(DSLContext dsl) {
        // MariaDB reads a row comparison (created_at, run_id) < (?, ?) as a filter, not as an index range: there the
        // seek is written out as created_at < ? OR (created_at = ? AND run_id < ?)
        boolean rowComparison = dsl.dialect().family() == SQLDialect.POSTGRES;
        this.dsl = DSL.using(dsl.configuration().derive(
                dsl.settings().withRenderRowConditionForSeekClause(rowComparison)));
    }

    @Override
    public String name() {
        return "runstore";
    }

    @Override
    public ListRunsPage list(ListRunsRequest request) {
        Condition scope = request.scope().kind() == ListRunsScope.Kind.NAMESPACE
                ? RUN_LIST.NAMESPACE.eq(request.scope().id())
                : RUN_LIST.EXPERIMENT_ID.eq(request.scope().id());
        Set<StorageState> storageStates = EnumSet.of(StorageState.AVAILABLE, StorageState.ARCHIVED);
        Condition filter = noCondition();
        String state = null;
        boolean counted = true;
        for (RunPredicate predicate : request.filter()) {
            switch (predicate.key()) {
                case STORAGE_STATE -> storageStates.retainAll(storageStates(predicate));
                case STATE -> {
                    if (predicate.operation() != RunPredicate.Operation.EQUALS) {
                        throw new IllegalArgumentException("Unsupported in this benchmark: " + predicate);
                    }
                    filter = filter.and(RUN_LIST.STATE.eq(predicate.value()));
                    state = predicate.value();
                }
                case DISPLAY_NAME -> {
                    if (predicate.operation() != RunPredicate.Operation.IS_SUBSTRING) {
                        throw new IllegalArgumentException("Unsupported in this benchmark: " + predicate);
                    }
                    filter = filter.and(RUN_LIST.DISPLAY_NAME.contains(predicate.value()));
                    counted = false;
                }
            }
        }
        List<RunListRecord> rows = page(request, scope, storageStates, filter);
        int size = request.pageSize();
        List<RunPosition> positions = new ArrayList<>(rows.size());
        for (RunListRecord row : rows) {
            positions.add(new RunPosition(EpochMicros.toInstant(row.getCreatedAt()), row.getRunId()));
        }
        List<String> ids = positions.stream().limit(size).map(RunPosition::runId).toList();
        PageStart next = positions.size() > size ? new PageStart(positions.get(size - 1), positions.get(size)) : null;
        long totalSize = counted ? countedTotal(request.scope(), storageStates, state)
                : dsl.fetchCount(RUN_LIST, scope.and(RUN_LIST.STORAGE_STATE.in(names(storageStates))).and(filter));
        return new ListRunsPage(ids, totalSize, next);
    }

    /** One index range scan per storage state, each in order and limited; more than one are merged here. */
    private List<RunListRecord> page(ListRunsRequest request, Condition scope, Set<StorageState> storageStates,
                                     Condition filter) {
        RunPosition after = request.start() == null ? null : request.start().lastOfPreviousPage();
        int limit = request.pageSize() + 1;
        List<RunListRecord> rows = new ArrayList<>();
        for (StorageState storageState : storageStates) {
            var ordered = dsl.selectFrom(RUN_LIST)
                    .where(scope).and(RUN_LIST.STORAGE_STATE.eq(storageState.name())).and(filter)
                    .orderBy(order(request));
            rows.addAll(after == null
                    ? ordered.limit(limit).fetch()
                    : ordered.seek(EpochMicros.of(after.createdAt()), after.runId()).limit(limit).fetch());
        }
        if (storageStates.size() > 1) {
            Comparator<RunListRecord> order = Comparator.comparing(RunListRecord::getCreatedAt)
                    .thenComparing(RunListRecord::getRunId);
            rows.sort(request.descending() ? order.reversed() : order);
        }
        return rows.size() > limit ? rows.subList(0, limit) : rows;
    }

    private static List<SortField<?>> order(ListRunsRequest request) {
        return request.descending()
                ? List.of(RUN_LIST.CREATED_AT.desc(), RUN_LIST.RUN_ID.desc())
                : List.of(RUN_LIST.CREATED_AT.asc(), RUN_LIST.RUN_ID.asc());
    }

    private long countedTotal(ListRunsScope scope, Set<StorageState> storageStates, String state) {
        Condition where = (scope.kind() == ListRunsScope.Kind.NAMESPACE
                ? RUN_COUNTS.NAMESPACE.eq(scope.id()) : RUN_COUNTS.EXPERIMENT_ID.eq(scope.id()))
                .and(RUN_COUNTS.STORAGE_STATE.in(names(storageStates)))
                .and(state == null ? noCondition() : RUN_COUNTS.STATE.eq(state));
        BigDecimal total = dsl.select(sum(RUN_COUNTS.RUN_COUNT)).from(RUN_COUNTS).where(where).fetchOne(0, BigDecimal.class);
        return total == null ? 0 : total.longValueExact();
    }

    private static Set<StorageState> storageStates(RunPredicate predicate) {
        StorageState value = StorageState.valueOf(predicate.value());
        return switch (predicate.operation()) {
            case EQUALS -> EnumSet.of(value);
            case NOT_EQUALS -> EnumSet.complementOf(EnumSet.of(value, StorageState.STORAGE_STATE_UNSPECIFIED));
            case IS_SUBSTRING -> throw new IllegalArgumentException("Unsupported in this benchmark: " + predicate);
        };
    }

    private static List<String> names(Set<StorageState> storageStates) {
        return storageStates.stream().map(Enum::name).toList();
    }
}
