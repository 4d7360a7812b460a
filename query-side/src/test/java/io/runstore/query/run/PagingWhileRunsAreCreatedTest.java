package io.runstore.query.run;

import io.runstore.query.FixtureRun;
import io.runstore.query.QueryDatabases;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.testsupport.DatabaseKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyset paging: while new runs are created between pages (sorting before and after the position), paging through a
 * namespace returns every run that existed at the first page exactly once. Once per database.
 */
abstract class PagingWhileRunsAreCreatedTest {

    abstract DatabaseKind kind();

    @ParameterizedTest
    @ValueSource(strings = {"created_at desc", "created_at", "display_name desc", "run_id", "state"})
    void everyRunThatExistedIsListedExactlyOnce(String sort) {
        QueryDatabases db = QueryDatabases.of(kind());
        db.fixtures.clear();
        Random random = new Random(sort.hashCode());
        List<FixtureRun> existing = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            existing.add(run(random, "old-" + i));
        }
        db.fixtures.insertRuns(existing);
        RunLister lister = new RunLister(db.dsl, new PageTokens("k".getBytes(StandardCharsets.UTF_8)));

        List<String> listed = new ArrayList<>();
        String token = null;
        int created = 0;
        do {
            ListRunsView page = lister.list(RunScope.namespace("ns-a"),
                    new Listing.Parameters(null, sort, "sort_by", token), 3, RunViewMode.DEFAULT);
            page.runs().forEach(run -> listed.add(run.runId()));
            token = page.nextPageToken();
            List<FixtureRun> fresh = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fresh.add(run(random, "new-" + created++));
            }
            insertRunsOnly(db, fresh);
        } while (token != null);

        Set<String> unique = new HashSet<>(listed);
        assertThat(unique).as("no run twice").hasSameSizeAs(listed);
        assertThat(unique).containsAll(existing.stream().map(FixtureRun::runId).toList());
    }

    /** New runs without touching run_counts (the fixture writer rewrites the counts of the runs it is given). */
    private static void insertRunsOnly(QueryDatabases db, List<FixtureRun> runs) {
        db.fixtures.insertRunsKeepingCounts(runs);
    }

    private static FixtureRun run(Random random, String id) {
        return new FixtureRun(id, "ns-a", "exp-1", "run " + random.nextInt(10), "",
                List.of("RUNNING", "SUCCEEDED", "FAILED").get(random.nextInt(3)),
                random.nextInt(5) == 0 ? "ARCHIVED" : "AVAILABLE", 1_700_000_000_000_000L + random.nextInt(20) * 1_000_000L,
                0, 0, "", "p-1", Map.of());
    }
}
