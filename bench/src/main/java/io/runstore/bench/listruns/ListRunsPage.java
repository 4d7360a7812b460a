package io.runstore.bench.listruns;

import java.util.List;

/** What a ListRuns call returned: the page's run ids in order, total_size, and where the next page starts (null on the last). */
public record ListRunsPage(List<String> runIds, long totalSize, PageStart next) {
}
