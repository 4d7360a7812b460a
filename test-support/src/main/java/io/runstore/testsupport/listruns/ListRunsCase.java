package io.runstore.testsupport.listruns;

import java.util.List;
import java.util.stream.Collectors;

/** One benchmark case: a scope and a filter, listed newest first (the UI's default sort), 20 runs a page. */
public record ListRunsCase(ListRunsScope scope, List<RunPredicate> filter) {

    public static final int PAGE_SIZE = 20;

    public ListRunsCase {
        filter = List.copyOf(filter);
    }

    public ListRunsRequest firstPage() {
        return new ListRunsRequest(scope, filter, true, PAGE_SIZE, null);
    }

    public String filterLabel() {
        return filter.isEmpty() ? "none" : filter.stream().map(RunPredicate::toString).collect(Collectors.joining(" AND "));
    }

    @Override
    public String toString() {
        return scope + ", filter " + filterLabel();
    }
}
