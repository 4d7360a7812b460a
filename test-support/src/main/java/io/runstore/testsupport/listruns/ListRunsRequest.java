package io.runstore.testsupport.listruns;

import java.util.List;

/**
 * One ListRuns call: scope, filter (predicates AND-ed), sort on created_at (run_id breaks ties in the same direction),
 * page size, and where the page starts ({@code null} for the first page; else the next-page start the same
 * implementation answered for the previous page).
 */
public record ListRunsRequest(ListRunsScope scope, List<RunPredicate> filter, boolean descending, int pageSize,
                              PageStart start) {

    public ListRunsRequest {
        filter = List.copyOf(filter);
    }

    public ListRunsRequest startingAt(PageStart next) {
        return new ListRunsRequest(scope, filter, descending, pageSize, next);
    }
}
