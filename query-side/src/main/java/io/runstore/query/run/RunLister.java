package io.runstore.query.run;

import io.runstore.query.listing.FilterConditions;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.listing.Position;
import io.runstore.query.listing.Sort;
import io.runstore.query.sql.QueryDsl;
import io.runstore.readtables.schema.tables.records.RunListRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.SortField;
import org.jooq.SortOrder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;

/**
 * KFP's ListRuns over run_list. A page is one keyset range scan per storage state (seek past the previous page's
 * last sort value and run_id, LIMIT size + 1), merged here when both states are read; for a query of the matrix
 * ({@link RunIndexes}) each scan reads its index in order, and a name search is planned for its text
 * ({@link QueryDsl.Planning}); total_size is a sum of the projector's counters ({@link RunCounters}) when the filter
 * is one they cover, else a COUNT(*) (bounded by the statement timeout).
 * {@code sort_by=metric:<name>} reads runs with that metric from run_metric in metric order, then the runs without it
 * in run_id order.
 */
public final class RunLister {

    private static final int MAX_PAGE_SIZE = 200;
    /** KFP caps FULL pages: each run brings its tasks. */
    private static final int MAX_FULL_PAGE_SIZE = 100;

    private final DSLContext dsl;
    private final PageTokens tokens;

    /** @param dsl a context whose seek rendering suits the database (see {@link QueryDsl}) */
    public RunLister(DSLContext dsl, PageTokens tokens) {
        this.dsl = dsl;
        this.tokens = tokens;
    }

    public ListRunsView list(RunScope scope, Listing.Parameters parameters, int requestedPageSize, RunViewMode view) {
        int size = Listing.pageSize(requestedPageSize, view == RunViewMode.FULL ? MAX_FULL_PAGE_SIZE : MAX_PAGE_SIZE);
        Listing listing = Listing.resolve(tokens, scope.token(), parameters, RunColumns.KEYS);
        StorageBranches branches = StorageBranches.of(listing.filter().predicates());
        Condition residual = FilterConditions.of(branches.residual());
        String index = RunIndexes.runList(scope, branches.residual(), listing.sort());
        RunCounters counters = branches.counted() ? RunCounters.of(scope) : null;
        // a name search's COUNT and column page are planned for its text; a metric page stays in run_metric's order
        QueryDsl.Planning counting = RunIndexes.searchesNames(branches.residual()) ? QueryDsl.Planning.FOR_THE_VALUES
                : QueryDsl.Planning.AS_IS;
        QueryDsl.Planning planning = counting == QueryDsl.Planning.FOR_THE_VALUES && !listing.sort().byMetric()
                ? counting : index != null ? QueryDsl.Planning.IN_INDEX_ORDER : QueryDsl.Planning.AS_IS;
        List<Row> rows;
        OptionalLong counted = OptionalLong.empty();
        if (!listing.sort().byMetric() && scansIndependent(scope, branches, listing)) {
            // the page's scans and its total_size (the counters, or the COUNT where they do not cover the filter),
            // sent together: one round trip on PostgreSQL (QueryDsl.fetchTogether)
            List<ResultQuery<RunListRecord>> scans = columnScans(dsl, scope, branches, residual, listing.sort(),
                    listing.after(), size + 1, index);
            List<ResultQuery<?>> reads = new ArrayList<>(scans);
            if (!branches.storageStates().isEmpty()) {
                reads.add(counters != null ? counters.query(dsl, branches.storageStates(), branches.countedState())
                        : count(dsl, scope, branches, residual));
            }
            List<Result<Record>> results = QueryDsl.fetchTogether(dsl, planning, reads);
            rows = scanned(results.subList(0, scans.size()), listing.sort(), size + 1);
            if (reads.size() > scans.size()) {
                Record total = results.get(scans.size()).isEmpty() ? null : results.get(scans.size()).get(0);
                counted = counters != null ? RunCounters.total(total) : OptionalLong.of(total.get(0, Long.class));
            }
        } else {
            Function<DSLContext, List<Row>> page = reads -> listing.sort().byMetric()
                    ? metricPage(reads, scope, branches.storageStates(), residual, listing.sort(), listing.after(),
                    size + 1, index)
                    : columnPage(reads, scope, branches.storageStates(), branches, residual, listing.sort(),
                    listing.after(), size + 1, index);
            rows = QueryDsl.planned(dsl, planning, page);
            if (counters != null && !branches.storageStates().isEmpty()) {
                counted = counters.total(dsl, branches.storageStates(), branches.countedState());
            }
        }
        if (counted.isEmpty()) {
            counted = OptionalLong.of(totalSize(scope, branches, residual, counting));
        }
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            next = tokens.issue(scope.token(), listing.filter(), listing.sort(), rows.get(size - 1).position());
        }
        List<RunView> runs = rows.stream().map(row -> RunRows.view(row.run(), null, null)).toList();
        if (view == RunViewMode.FULL) {
            runs = RunRows.withTasks(dsl, runs);
        }
        return new ListRunsView(runs, counted.getAsLong(), next);
    }

    /** A run of the page and its keyset position. */
    private record Row(RunListRecord run, Position position) {
    }

    /**
     * Whether each storage state's scan of a column page is one statement that needs nothing read before it: the first
     * page, or a seek that is one row comparison (not the tied rows first, then the rows past them).
     */
    private boolean scansIndependent(RunScope scope, StorageBranches branches, Listing listing) {
        return listing.after() == null
                || !(RunIndexes.constantWithinScan(scope, branches.residual(), listing.sort().column().key())
                || QueryDsl.seeksTiesSeparately(dsl));
    }

    /** The scans of a column page whose scans are independent ({@link #scansIndependent}), one per storage state. */
    private static List<ResultQuery<RunListRecord>> columnScans(DSLContext dsl, RunScope scope, StorageBranches branches,
                                                                Condition residual, Sort sort, Position after,
                                                                int limit, String index) {
        Field<?> field = sort.column().field();
        // as columnPage: with a constant sort value run_id alone orders the scan
        List<SortField<?>> order = RunIndexes.constantWithinScan(scope, branches.residual(), sort.column().key())
                ? List.of(RUN_LIST.RUN_ID.sort(direction(sort))) : order(sort, field, RUN_LIST.RUN_ID);
        List<ResultQuery<RunListRecord>> scans = new ArrayList<>();
        for (String storageState : branches.storageStates()) {
            Condition where = scope.runs().and(RUN_LIST.STORAGE_STATE.eq(storageState)).and(residual);
            if (after != null) {
                where = where.and(QueryDsl.after(dsl, field, RUN_LIST.RUN_ID, after.value(), after.id(),
                        sort.descending()));
            }
            scans.add(scan(dsl, index, where, order, limit));
        }
        return scans;
    }

    /** The rows of {@link #columnScans}' results, merged into the page's order. */
    private static List<Row> scanned(List<Result<Record>> results, Sort sort, int limit) {
        Field<?> field = sort.column().field();
        List<Row> rows = new ArrayList<>();
        for (Result<Record> result : results) {
            for (RunListRecord run : result.into(RUN_LIST)) {
                rows.add(new Row(run, new Position(run.get(field), run.getRunId())));
            }
        }
        return merged(rows, results.size(), sort.descending(), limit);
    }

    private static List<Row> columnPage(DSLContext dsl, RunScope scope, List<String> storageStates,
                                        StorageBranches branches, Condition residual, Sort sort, Position after,
                                        int limit, String index) {
        Field<?> field = sort.column().field();
        boolean constant = RunIndexes.constantWithinScan(scope, branches.residual(), sort.column().key());
        List<Row> rows = new ArrayList<>();
        for (String storageState : storageStates) {
            Condition where = scope.runs().and(RUN_LIST.STORAGE_STATE.eq(storageState)).and(residual);
            // with a constant sort value (an equality pins it) run_id alone orders the scan: ordering by the
            // constant too makes MariaDB sort every matching row
            List<SortField<?>> order = constant ? List.of(RUN_LIST.RUN_ID.sort(direction(sort)))
                    : order(sort, field, RUN_LIST.RUN_ID);
            List<RunListRecord> found;
            if (after == null) {
                found = fetch(dsl, index, where, order, limit);
            } else if (constant || QueryDsl.seeksTiesSeparately(dsl)) {
                // the rows tied with the position and past its run_id, then the rows past its value
                found = new ArrayList<>(fetch(dsl, index,
                        where.and(equal(field, after.value())).and(idBeyond(after, sort)),
                        List.of(RUN_LIST.RUN_ID.sort(direction(sort))), limit));
                if (found.size() < limit) {
                    found.addAll(fetch(dsl, index, where.and(beyond(field, after.value(), sort)), order,
                            limit - found.size()));
                }
            } else {
                found = fetch(dsl, index, where.and(QueryDsl.after(dsl, field, RUN_LIST.RUN_ID, after.value(),
                        after.id(), sort.descending())), order, limit);
            }
            found.forEach(run -> rows.add(new Row(run, new Position(run.get(field), run.getRunId()))));
        }
        return merged(rows, storageStates.size(), sort.descending(), limit);
    }

    private static List<RunListRecord> fetch(DSLContext dsl, String index, Condition where, List<SortField<?>> order,
                                             int limit) {
        return scan(dsl, index, where, order, limit).fetch();
    }

    private static ResultQuery<RunListRecord> scan(DSLContext dsl, String index, Condition where,
                                                   List<SortField<?>> order, int limit) {
        return dsl.selectFrom(QueryDsl.indexed(dsl, RUN_LIST, index)).where(where).orderBy(order).limit(limit);
    }

    private static Condition idBeyond(Position after, Sort sort) {
        return sort.descending() ? RUN_LIST.RUN_ID.lt(after.id()) : RUN_LIST.RUN_ID.gt(after.id());
    }

    @SuppressWarnings("unchecked")
    private static Condition equal(Field<?> field, Object value) {
        return ((Field<Object>) field).eq(value);
    }

    @SuppressWarnings("unchecked")
    private static Condition beyond(Field<?> field, Object value, Sort sort) {
        return sort.descending() ? ((Field<Object>) field).lt(value) : ((Field<Object>) field).gt(value);
    }

    private static SortOrder direction(Sort sort) {
        return sort.descending() ? SortOrder.DESC : SortOrder.ASC;
    }

    private static List<Row> metricPage(DSLContext dsl, RunScope scope, List<String> storageStates,
                                        Condition residual, Sort sort, Position after, int limit,
                                        String withoutMetricIndex) {
        List<Row> rows = new ArrayList<>();
        boolean pastMetrics = after != null && after.value() == null;
        if (!pastMetrics) {
            for (String storageState : storageStates) {
                Condition seek = after == null ? noCondition() : QueryDsl.after(dsl, RUN_METRIC.NUMBER_VALUE,
                        RUN_METRIC.RUN_ID, after.value(), after.id(), sort.descending());
                dsl.select(RUN_LIST.fields()).select(RUN_METRIC.NUMBER_VALUE)
                        .from(QueryDsl.indexed(dsl, RUN_METRIC, RunIndexes.runMetric(scope)))
                        .join(RUN_LIST).on(RUN_LIST.RUN_ID.eq(RUN_METRIC.RUN_ID))
                        .where(scope.metrics()).and(RUN_METRIC.STORAGE_STATE.eq(storageState))
                        .and(RUN_METRIC.NAME.eq(sort.metric())).and(residual).and(seek)
                        .orderBy(order(sort, RUN_METRIC.NUMBER_VALUE, RUN_METRIC.RUN_ID))
                        .limit(limit)
                        .forEach(row -> rows.add(new Row(row.into(RUN_LIST),
                        new Position(row.get(RUN_METRIC.NUMBER_VALUE), row.get(RUN_METRIC.RUN_ID)))));
            }
        }
        List<Row> page = new ArrayList<>(merged(rows, storageStates.size(), sort.descending(), limit));
        if (page.size() < limit) {
            List<Row> without = new ArrayList<>();
            Condition noMetric = notExists(selectOne().from(RUN_METRIC)
                    .where(RUN_METRIC.RUN_ID.eq(RUN_LIST.RUN_ID)).and(RUN_METRIC.NAME.eq(sort.metric())));
            int missing = limit - page.size();
            for (String storageState : storageStates) {
                Condition seek = pastMetrics ? idBeyond(after, sort) : noCondition();
                dsl.selectFrom(QueryDsl.indexed(dsl, RUN_LIST, withoutMetricIndex))
                        .where(scope.runs()).and(RUN_LIST.STORAGE_STATE.eq(storageState)).and(residual).and(noMetric)
                        .and(seek)
                        .orderBy(sort.descending() ? RUN_LIST.RUN_ID.desc() : RUN_LIST.RUN_ID.asc())
                        .limit(missing)
                        .forEach(run -> without.add(new Row(run, new Position(null, run.getRunId()))));
            }
            page.addAll(merged(without, storageStates.size(), sort.descending(), missing));
        }
        return page;
    }

    private static List<SortField<?>> order(Sort sort, Field<?> field, Field<String> id) {
        return List.of(field.sort(direction(sort)), id.sort(direction(sort)));
    }

    /** The rows of several ordered range scans in one order, at most {@code limit}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Row> merged(List<Row> rows, int scans, boolean descending, int limit) {
        if (scans > 1) {
            Comparator<Row> order = Comparator.comparing(row -> (Comparable) row.position().value(),
                    Comparator.nullsLast(Comparator.naturalOrder()));
            order = order.thenComparing(row -> row.position().id());
            rows.sort(descending ? order.reversed() : order);
        }
        return rows.size() > limit ? rows.subList(0, limit) : rows;
    }

    /**
     * total_size where the page's reads did not answer it: no counters cover the filter and the page was read in
     * several statements, or none projected for the scope yet.
     */
    private long totalSize(RunScope scope, StorageBranches branches, Condition residual, QueryDsl.Planning planning) {
        if (branches.storageStates().isEmpty()) {
            return 0;
        }
        return QueryDsl.planned(dsl, planning, reads -> count(reads, scope, branches, residual).fetchOne(0, Long.class));
    }

    private static ResultQuery<Record1<Integer>> count(DSLContext dsl, RunScope scope, StorageBranches branches,
                                                       Condition residual) {
        return dsl.selectCount().from(RUN_LIST).where(scope.runs()
                .and(RUN_LIST.STORAGE_STATE.in(branches.storageStates())).and(residual));
    }
}
