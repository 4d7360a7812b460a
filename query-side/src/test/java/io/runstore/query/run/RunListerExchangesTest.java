package io.runstore.query.run;

import io.runstore.query.QueryDatabases;
import io.runstore.query.ReadTableFixtures;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.sql.QueryDsl;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.readtables.RunListRows;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchanges with the database of a namespace's page (both storage states: two scans) and its total_size (the
 * counters). On PostgreSQL two: the transaction's {@code SET LOCAL enable_sort}, the scans and the counters sent as
 * one, then its COMMIT (one statement at a time, the page of one storage state was four). On MariaDB/MySQL, no
 * transaction, one statement at a time: each scan and the counters (a page by token reads, per storage state, the rows
 * tied with its position, then the rows past it). Each exchange after an idle moment is an expensive one: the
 * database's process has to wake up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunListerExchangesTest {

    private static final RunListRows.Layout LAYOUT = RunListRows.Layout.ONE_NAMESPACE;
    private static final Listing.Parameters CREATED_DESC = new Listing.Parameters(null, "created_at desc", "sort_by",
            null);

    private final ExchangeCounting exchanges = new ExchangeCounting();
    private RunLister lister;
    private SQLDialect dialect;

    abstract DatabaseKind kind();

    @BeforeAll
    void loadRuns() throws Exception {
        QueryDatabases database = QueryDatabases.fresh(kind());
        RunListRows.load(database.dsl, 100, 1, LAYOUT);
        dialect = database.database.dialect();
        lister = new RunLister(QueryDsl.of(ReadTableFixtures.connect(exchanges.wrap(database.dataSource), dialect),
                Duration.ofSeconds(5)), new PageTokens("k".getBytes(StandardCharsets.UTF_8)));
    }

    private boolean postgres() {
        return dialect.family() == SQLDialect.POSTGRES;
    }

    @Test
    void aFirstPageAndItsTotalSize() {
        exchanges.take();
        ListRunsView page = lister.list(RunScope.namespace(LAYOUT.namespace(0)), CREATED_DESC, 20,
                RunViewMode.DEFAULT);

        assertThat(page.runs()).hasSize(20);
        assertThat(page.totalSize()).isEqualTo(100);
        assertThat(exchanges.take()).isEqualTo(postgres() ? List.of("execute", "commit")
                : List.of("execute", "execute", "execute"));
    }

    @Test
    void aPageByTokenAndItsTotalSize() {
        ListRunsView first = lister.list(RunScope.namespace(LAYOUT.namespace(0)), CREATED_DESC, 20,
                RunViewMode.DEFAULT);
        exchanges.take();
        ListRunsView second = lister.list(RunScope.namespace(LAYOUT.namespace(0)),
                new Listing.Parameters(null, null, "sort_by", first.nextPageToken()), 20, RunViewMode.DEFAULT);

        assertThat(second.runs()).hasSize(20);
        assertThat(second.runs().get(0).runId()).isNotEqualTo(first.runs().get(0).runId());
        assertThat(second.totalSize()).isEqualTo(100);
        // MariaDB's seek reads the rows tied with the position, then the rows past it (QueryDsl.seeksTiesSeparately)
        assertThat(exchanges.take()).isEqualTo(postgres() ? List.of("execute", "commit")
                : List.of("execute", "execute", "execute", "execute", "execute"));
    }
}
