package io.runstore.testsupport.listruns;

import java.util.List;
import java.util.OptionalLong;

/**
 * What a ListRuns call returned: the page's run ids in order, total_size, where the next page starts, in the
 * implementation's own form (null on the last page), and the bytes that carried the page where the implementation
 * sees them (KFP: the characters of every value of every row its statements returned, as its API server receives
 * them from the database; over HTTP: the JSON body).
 */
public record ListRunsPage(List<String> runIds, long totalSize, PageStart next, OptionalLong bytes) {

    public ListRunsPage(List<String> runIds, long totalSize, PageStart next) {
        this(runIds, totalSize, next, OptionalLong.empty());
    }
}
