package io.runstore.testsupport.listruns;

import java.util.List;

/**
 * One ListRuns call: scope, filter (predicates AND-ed), sort key and direction (run_id breaks ties in the same
 * direction), page size, and where the page starts ({@code null} for the first page; else the next-page start the same
 * implementation answered for the previous page).
 */
public record ListRunsRequest(ListRunsScope scope, List<RunPredicate> filter, RunSortKey sort, boolean descending,
                              int pageSize, PageStart start) {

    public ListRunsRequest {
        filter = List.copyOf(filter);
    }

    /** Sorted on created_at. */
    public ListRunsRequest(ListRunsScope scope, List<RunPredicate> filter, boolean descending, int pageSize,
                           PageStart start) {
        this(scope, filter, RunSortKey.CREATED_AT, descending, pageSize, start);
    }

    public ListRunsRequest startingAt(PageStart next) {
        return new ListRunsRequest(scope, filter, sort, descending, pageSize, next);
    }
}
