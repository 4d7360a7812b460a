package io.runstore.query.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.runstore.query.QueryDatabases;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.run.ExplainingListener.Explained;
import io.runstore.query.run.QueryPlans.Expected;
import io.runstore.readtables.schema.tables.records.RunNamespaceCountsRecord;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.readtables.RunListRows;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Index;
import org.jooq.SQLDialect;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a generated run_list of 50,000 rows with its counters ({@link RunListRows} in the {@link #LAYOUT} below, and
 * the namespace counters of 2,000 namespaces without runs; statistics gathered), every
 * cell of the supported matrix ({@link RunIndexes}) is listed through {@link RunLister}: scope (a large namespace, a
 * large and a small experiment) x storage_state (any, NOT_EQUALS ARCHIVED, EQUALS ARCHIVED) x state (any, EQUALS
 * SUCCEEDED, EQUALS a rare state) x sort_by (created_at, finished_at, scheduled_at, display_name, state, run_id) x
 * asc/desc, the first page and the keyset page its page token leads to (ascending by state, finished_at or
 * scheduled_at, that position is inside a large group of ties). Every statement RunLister runs is EXPLAINed where it
 * runs. A page read must be one range scan of run_list by the cell's index in index order (no sort step, no full
 * scan, no join; on MariaDB a keyset page's range starts at the position), and total_size one lookup of a namespace's
 * run_namespace_counts rows by its primary key (however many experiments it has) or of an experiment's run_counts
 * rows by ix_run_counts_experiment, never a count over run_list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunListerPlanTest {

    /**
     * A busy installation: 20 namespaces, 400 experiments (experiment n in namespace n % 20), a quarter of the runs in
     * exp-000 (so team-0 is a large namespace), 10 % archived, states mostly SUCCEEDED, SKIPPED 2 %.
     */
    static final RunListRows.Layout LAYOUT = new RunListRows.Layout(20, 400, 4, List.of(
            new RunListRows.StateShare("SUCCEEDED", 60), new RunListRows.StateShare("FAILED", 72),
            new RunListRows.StateShare("RUNNING", 82), new RunListRows.StateShare("PENDING", 90),
            new RunListRows.StateShare("CANCELED", 98), new RunListRows.StateShare("SKIPPED", 100)));
    private static final String BIG_NAMESPACE = LAYOUT.namespace(0);
    private static final String BIG_EXPERIMENT = LAYOUT.experiment(0);
    private static final String SMALL_EXPERIMENT = LAYOUT.experiment(17);
    private static final String RARE_STATE = "SKIPPED";
    private static final int RUNS = 50_000;
    private static final int OTHER_NAMESPACES = 2_000;
    private static final int PAGE_SIZE = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<RunScope> SCOPES = List.of(RunScope.namespace(BIG_NAMESPACE),
            RunScope.experiment(BIG_EXPERIMENT), RunScope.experiment(SMALL_EXPERIMENT));
    /** storage_state predicates on ARCHIVED; null for none. */
    private static final List<String> STORAGE_OPERATIONS = Arrays.asList(null, "NOT_EQUALS", "EQUALS");
    private static final List<String> STATES = Arrays.asList(null, "SUCCEEDED", RARE_STATE);
    private static final List<String> SORT_KEYS = List.of("created_at", "finished_at", "scheduled_at", "display_name",
            "state", "run_id");

    private final ExplainingListener explained = new ExplainingListener();
    private SQLDialect dialect;
    private RunLister lister;

    abstract DatabaseKind kind();

    @BeforeAll
    void loadRuns() throws Exception {
        QueryDatabases database = QueryDatabases.fresh(kind());
        RunListRows.load(database.dsl, RUNS, 1, LAYOUT);
        addNamespacesWithoutRuns(database.dsl);
        DSLContext explaining = DSL.using(database.dsl.configuration().deriveAppending(explained));
        dialect = explaining.dialect();
        lister = new RunLister(explaining, new PageTokens("k".getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Counter rows of other namespaces, as an installation with many has: on a table of a few pages PostgreSQL rightly
     * scans it whole, which says nothing about the plan at the sizes that matter.
     */
    private static void addNamespacesWithoutRuns(DSLContext dsl) {
        List<RunNamespaceCountsRecord> rows = new ArrayList<>();
        for (int namespace = 0; namespace < OTHER_NAMESPACES; namespace++) {
            for (String storageState : List.of("AVAILABLE", "ARCHIVED")) {
                for (String state : List.of("SUCCEEDED", "FAILED", "RUNNING")) {
                    rows.add(new RunNamespaceCountsRecord("other-" + namespace, storageState, state, 1L));
                }
            }
        }
        dsl.insertInto(RUN_NAMESPACE_COUNTS).columns(RUN_NAMESPACE_COUNTS.fields()).valuesOfRecords(rows).execute();
        dsl.execute(dsl.dialect().family() == SQLDialect.POSTGRES ? "VACUUM ANALYZE {0}" : "ANALYZE TABLE {0}",
                RUN_NAMESPACE_COUNTS);
    }

    @Test
    void everyStatementOfEveryCellIsOneIndexRangeScanInIndexOrder() {
        List<String> problems = new ArrayList<>();
        int cells = 0;
        int keysetPages = 0;
        for (RunScope scope : SCOPES) {
            for (String storage : STORAGE_OPERATIONS) {
                for (String state : STATES) {
                    for (String sortKey : SORT_KEYS) {
                        for (boolean descending : new boolean[]{false, true}) {
                            Cell cell = new Cell(scope, storage, state, sortKey, descending);
                            cells++;
                            int size = PAGE_SIZE;
                            ListRunsView first = list(cell, null, size, problems);
                            if (first.nextPageToken() == null && first.runs().size() > 1) {
                                size = first.runs().size() / 2; // a small cell: a smaller page, so that one follows
                                first = list(cell, null, size, problems);
                            }
                            if (first.nextPageToken() != null) {
                                list(cell, first.nextPageToken(), size, problems);
                                keysetPages++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(cells).isEqualTo(3 * 3 * 3 * 6 * 2);
        assertThat(keysetPages).as("keyset pages: every cell but the small experiment's rare-state ones has two runs")
                .isGreaterThanOrEqualTo(cells - 3 * 6 * 2);
        assertThat(problems).isEmpty();
    }

    /**
     * The name search (display_name IS_SUBSTRING) on the large namespace's Active tab, newest first: a rare text
     * ({@code tune-42}, about one run in 700) is counted, and on PostgreSQL also paged, by the trigram index (V11;
     * the page sorts its few rows); a common one ({@code nightly}, one in 8) is paged by ix_run_list_ns_created in
     * order, with no sort step; a text of two letters, which has no trigram, is counted by the name key's index
     * (the trigram index would be read whole). On MariaDB, which has no trigram index, the COUNT reads the name
     * key's index and the page ix_run_list_ns_created. On PostgreSQL every statement is planned for its text.
     */
    @Test
    void aNameSearchIsCountedAndPagedByTheIndexThatSuitsItsText() {
        boolean postgres = dialect.family() == SQLDialect.POSTGRES;
        String trigram = "ix_run_list_name_key_trgm";
        String names = "ix_run_list_ns_name_key";
        String created = "ix_run_list_ns_created";
        List<String> problems = new ArrayList<>();
        expectNameSearch("tune-42", postgres ? trigram : names, postgres ? trigram : created, problems);
        expectNameSearch("nightly", null, created, problems);
        expectNameSearch("ai", names, created, problems);
        assertThat(problems).isEmpty();
    }

    /** Lists the search's first page; the COUNT must read {@code countIndex} (null: any), the page {@code pageIndex}. */
    private void expectNameSearch(String text, String countIndex, String pageIndex, List<String> problems) {
        String filter = JSON.createObjectNode().set("predicates", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("key", "storage_state").put("operation", "NOT_EQUALS")
                        .put("string_value", "ARCHIVED"))
                .add(JSON.createObjectNode().put("key", "display_name").put("operation", "IS_SUBSTRING")
                        .put("string_value", text))).toString();
        explained.take();
        ListRunsView page = lister.list(RunScope.namespace(BIG_NAMESPACE), new Listing.Parameters(filter,
                "created_at desc", "sort_by", null), PAGE_SIZE, RunViewMode.DEFAULT);
        assertThat(page.runs()).as(text).isNotEmpty();
        List<Explained> statements = explained.take();
        if (statements.size() != 2) {
            problems.add(text + ": " + statements.size() + " statements, expected the page and the COUNT");
        }
        for (Explained statement : statements) {
            boolean count = statement.query().$limit() == null;
            String expected = count ? countIndex : pageIndex;
            Set<String> indexes = QueryPlans.indexes(statement.plan());
            String where = text + ", " + (count ? "COUNT" : "page") + ": ";
            if (expected != null && !indexes.equals(Set.of(expected))) {
                problems.add(where + "reads " + indexes + ", expected " + expected + "\n    " + statement.plan());
            }
            if (!count && pageIndex.equals("ix_run_list_ns_created")
                    && statement.plan().toString().toLowerCase().contains("sort")) {
                problems.add(where + "sorts: " + statement.plan());
            }
            if (dialect.family() == SQLDialect.POSTGRES && !"force_custom_plan".equals(statement.planCacheMode())) {
                problems.add(where + "plan_cache_mode " + statement.planCacheMode() + ": a cached generic plan "
                        + "would know no text");
            }
        }
    }

    /** Lists one page of a cell and adds what is wrong with the plan of any statement it ran. */
    private ListRunsView list(Cell cell, String token, int size, List<String> problems) {
        ListRunsView page = lister.list(cell.scope(), new Listing.Parameters(cell.filter(), cell.sortBy(), "sort_by",
                token), size, RunViewMode.DEFAULT);
        String where = cell + ", " + (token == null ? "first page" : "keyset page") + " of " + size;
        List<Explained> statements = explained.take();
        long lookups = statements.stream().filter(statement -> counters(statement) != null).count();
        if (lookups != 1) {
            problems.add(where + ": " + lookups + " counter lookups for total_size, expected 1");
        }
        for (Explained statement : statements) {
            String problem = problem(cell, statement, token != null);
            if (problem != null) {
                problems.add(where + ": " + problem + "\n    " + statement.sql() + "\n    " + statement.plan());
            }
        }
        return page;
    }

    private String problem(Cell cell, Explained statement, boolean keyset) {
        String counters = counters(statement);
        if (counters != null) {
            boolean experiment = cell.scope().kind() == RunScope.Kind.EXPERIMENT;
            String table = experiment ? "run_counts" : "run_namespace_counts";
            if (!counters.equals(table)) {
                return "total_size reads " + counters + ", not " + table;
            }
            String index = experiment ? "ix_run_counts_experiment"
                    : dialect.family() == SQLDialect.POSTGRES ? "pk_run_namespace_counts" : "PRIMARY";
            return QueryPlans.problem(dialect, statement.plan(), new Expected(table, index, false, 0));
        }
        if (statement.query().$limit() == null) {
            return "reads run_list without a LIMIT: a count?";
        }
        return QueryPlans.problem(dialect, statement.plan(),
                new Expected("run_list", cell.index(), true, keyset ? cell.pinnedParts() : 0));
    }

    /** The counter table a statement reads, or null. */
    private static String counters(Explained statement) {
        return statement.sql().contains("run_namespace_counts") ? "run_namespace_counts"
                : statement.sql().contains("run_counts") ? "run_counts" : null;
    }

    /**
     * One cell of the matrix.
     *
     * @param storage the operation of a storage_state predicate on ARCHIVED, null for none
     * @param state   the value of a state EQUALS predicate, null for none
     */
    private record Cell(RunScope scope, String storage, String state, String sortKey, boolean descending) {

        String filter() {
            ArrayNode predicates = JSON.createArrayNode();
            if (storage != null) {
                predicates.addObject().put("key", "storage_state").put("operation", storage)
                        .put("string_value", "ARCHIVED");
            }
            if (state != null) {
                predicates.addObject().put("key", "state").put("operation", "EQUALS").put("string_value", state);
            }
            return predicates.isEmpty() ? null : JSON.createObjectNode().set("predicates", predicates).toString();
        }

        String sortBy() {
            return sortKey + (descending ? " desc" : " asc");
        }

        /**
         * The run_list index whose columns are the cell's equalities then its order: (scope, storage_state[, state],
         * sort key, run_id); state and run_id need no sort key column. Fails when the schema has no such index.
         */
        String index() {
            List<Field<?>> columns = new ArrayList<>(List.of(
                    scope.kind() == RunScope.Kind.NAMESPACE ? RUN_LIST.NAMESPACE : RUN_LIST.EXPERIMENT_ID,
                    RUN_LIST.STORAGE_STATE));
            if (state != null || sortKey.equals("state")) {
                columns.add(RUN_LIST.STATE);
            }
            if (!sortKey.equals("state") && !sortKey.equals("run_id")) {
                columns.add(RunColumns.COLUMNS.get(sortKey).field());
            }
            columns.add(RUN_LIST.RUN_ID);
            return RUN_LIST.getIndexes().stream()
                    .filter(index -> index.getFields().stream().map(SortField::$field).toList().equals(columns))
                    .map(Index::getName)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(this + ": run_list has no index on " + columns));
        }

        /** The leading index columns the cell's equalities pin: a keyset page's range must go past them. */
        int pinnedParts() {
            return state == null ? 2 : 3;
        }

        @Override
        public String toString() {
            return scope.token() + ", storage_state " + (storage == null ? "any" : storage + " ARCHIVED") + ", state "
                    + (state == null ? "any" : "EQUALS " + state) + ", sort_by " + sortBy();
        }
    }
}
