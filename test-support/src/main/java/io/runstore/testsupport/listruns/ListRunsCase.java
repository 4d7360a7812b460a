package io.runstore.testsupport.listruns;

import java.util.List;
import java.util.stream.Collectors;

/** One benchmark case: a scope, a filter and a sort, 20 runs a page; newest first unless it says otherwise. */
public record ListRunsCase(ListRunsScope scope, List<RunPredicate> filter, RunSortKey sort, boolean descending) {

    public static final int PAGE_SIZE = 20;

    public ListRunsCase {
        filter = List.copyOf(filter);
    }

    /** Newest first (the UI's default sort). */
    public ListRunsCase(ListRunsScope scope, List<RunPredicate> filter) {
        this(scope, filter, RunSortKey.CREATED_AT, true);
    }

    public ListRunsRequest firstPage() {
        return new ListRunsRequest(scope, filter, sort, descending, PAGE_SIZE, null);
    }

    public String filterLabel() {
        return filter.isEmpty() ? "none" : filter.stream().map(RunPredicate::toString).collect(Collectors.joining(" AND "));
    }

    /** The sort as KFP's sort_by says it, e.g. "name asc". */
    public String sortLabel() {
        return sort.apiName + (descending ? " desc" : " asc");
    }

    @Override
    public String toString() {
        return scope + ", filter " + filterLabel()
                + (sort == RunSortKey.CREATED_AT && descending ? "" : ", sort_by " + sortLabel());
    }
}
