package io.runstore.testsupport.listruns;

import java.util.List;

/**
 * What a ListRuns call returned: the page's run ids in order, total_size, and where the next page starts, in the
 * implementation's own form (null on the last page).
 */
public record ListRunsPage(List<String> runIds, long totalSize, PageStart next) {
}
