package io.runstore.testsupport.kfp;

import io.runstore.testsupport.listruns.ListRunsRequest;
import io.runstore.testsupport.listruns.ListRunsScope;
import io.runstore.testsupport.listruns.PageStart;
import io.runstore.testsupport.listruns.RunPosition;
import io.runstore.testsupport.listruns.RunPredicate;
import io.runstore.testsupport.listruns.RunSortKey;

import java.util.function.UnaryOperator;

/**
 * The clauses KFP builds for a ListRuns request, written the way KFP writes them, in either dialect's quoting:
 * the scope ({@code FilterOnNamespace} / {@code FilterOnExperiment} in backend/src/apiserver/list), the filter
 * ({@code filter.AddToSelect}: EQUALS as {@code =}, NOT_EQUALS as {@code <>}, IS_SUBSTRING as {@code LIKE '%v%'}),
 * and the page token ({@code list.Options.AddSortingToSelect}): the token holds the first run of the page, so the
 * seek is {@code sort < v OR (sort = v AND UUID <= k)} (descending), and the order is the sort column
 * (CreatedAtInSec, or DisplayName for sort_by name) then UUID.
 */
final class KfpListRunsClauses {

    private final ListRunsRequest request;
    private final UnaryOperator<String> quote;

    KfpListRunsClauses(ListRunsRequest request, UnaryOperator<String> quote) {
        this.request = request;
        this.quote = quote;
    }

    /** Scope and filter, AND-ed: the WHERE of both the page and the COUNT(*). */
    void scopeAndFilter(SqlText sql) {
        String scopeColumn = request.scope().kind() == ListRunsScope.Kind.NAMESPACE ? "Namespace" : "ExperimentUUID";
        sql.sql(quote.apply(scopeColumn) + " = ").bind(request.scope().id());
        for (RunPredicate predicate : request.filter()) {
            sql.sql(" AND " + quote.apply(column(predicate.key())));
            switch (predicate.operation()) {
                case EQUALS -> sql.sql(" = ").bind(predicate.value());
                case NOT_EQUALS -> sql.sql(" <> ").bind(predicate.value());
                case IS_SUBSTRING -> sql.sql(" LIKE ").bind("%" + predicate.value() + "%");
            }
        }
    }

    boolean hasCursor() {
        return request.start() != null;
    }

    /**
     * The page token's seek, on columns qualified by {@code qualifier} (empty for none): the token holds the first
     * run's sort value (its display name for sort_by name, compared under the column's collation as KFP's is) and
     * UUID.
     */
    void cursor(SqlText sql, String qualifier) {
        if (!(request.start() instanceof PageStart.FirstRun token)) {
            throw new IllegalArgumentException("KFP pages with its own page token, not " + request.start());
        }
        RunPosition first = token.run();
        Object value = request.sort() == RunSortKey.NAME ? first.displayName() : first.createdAt().getEpochSecond();
        String sort = qualifier + quote.apply(sortColumn());
        String key = qualifier + quote.apply("UUID");
        String beyond = request.descending() ? " < " : " > ";
        String upTo = request.descending() ? " <= " : " >= ";
        sql.sql("(" + sort + beyond).bind(value)
                .sql(" OR (" + sort + " = ").bind(value)
                .sql(" AND " + key + upTo).bind(first.runId()).sql("))");
    }

    /** The run_details column KFP's API maps the sort key to ({@code run.go}'s field map). */
    String sortColumn() {
        return switch (request.sort()) {
            case CREATED_AT -> "CreatedAtInSec";
            case NAME -> "DisplayName";
        };
    }

    /** ORDER BY's terms; with {@code nullsLastPrefix}, PR #12379's {@code (sortcol IS NULL) ASC} comes first. */
    String orderBy(String qualifier, boolean nullsLastPrefix) {
        String direction = request.descending() ? " DESC" : " ASC";
        String sort = qualifier + quote.apply(sortColumn());
        return (nullsLastPrefix ? "(" + sort + " IS NULL) ASC, " : "")
                + sort + direction + ", " + qualifier + quote.apply("UUID") + direction;
    }

    /** KFP asks for one run more than the page: the extra one becomes the next page token. */
    int limit() {
        return request.pageSize() + 1;
    }

    private static String column(RunPredicate.Key key) {
        return switch (key) {
            case STATE -> "State";
            case STORAGE_STATE -> "StorageState";
            case DISPLAY_NAME -> "DisplayName";
        };
    }
}
