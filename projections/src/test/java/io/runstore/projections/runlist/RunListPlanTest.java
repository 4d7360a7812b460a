package io.runstore.projections.runlist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.projections.runlist.RunListMatrix.After;
import io.runstore.projections.runlist.RunListMatrix.Request;
import io.runstore.projections.runlist.RunListMatrix.Scope;
import io.runstore.projections.runlist.RunListMatrix.SortKey;
import io.runstore.projections.runlist.RunListMatrix.StorageFilter;
import io.runstore.projections.schema.tables.records.RunListRecord;
import io.runstore.testsupport.DatabaseKind;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.runstore.projections.schema.Tables.RUN_LIST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a generated run_list of 50,000 rows (statistics gathered), every query of the supported matrix
 * ({@link RunListMatrix}), first page and keyset page, is run through EXPLAIN: the plan must read the cell's index,
 * and must have no sort step, no full scan and no join.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunListPlanTest {

    static final int ROWS = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STATES = {"SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED",
            "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED",
            "FAILED", "FAILED", "CANCELED", "RUNNING", "PENDING", "SKIPPED", "RUNNING"};

    private final ReadTablesFixture fixture;

    RunListPlanTest(DatabaseKind kind) {
        fixture = new ReadTablesFixture(kind, 1);
    }

    @BeforeAll
    void generateRuns() {
        Random random = new Random(42);
        List<RunListRecord> rows = new ArrayList<>();
        long createdAt = 1_700_000_000_000_000L;
        for (int i = 0; i < ROWS; i++) {
            int experiment = random.nextInt(40);
            String state = STATES[random.nextInt(STATES.length)];
            boolean finished = !state.equals("RUNNING") && !state.equals("PENDING");
            createdAt += random.nextInt(60_000_000);
            RunListRecord row = new RunListRecord();
            row.setRunId(String.format("run-%08d-%04d", random.nextInt(100_000_000), i));
            row.setNamespace("ns-" + experiment % 4);
            row.setExperimentId("exp-" + experiment);
            row.setDisplayName("pipeline " + random.nextInt(500) + " run");
            row.setDescription("");
            row.setState(state);
            row.setStorageState(random.nextInt(10) == 0 ? "ARCHIVED" : "AVAILABLE");
            row.setCreatedAt(createdAt);
            row.setScheduledAt(createdAt + random.nextInt(1_000_000));
            row.setFinishedAt(finished ? createdAt + random.nextInt(2_000_000_000) : 0L);
            row.setRecurringRunId("");
            row.setPipelineId("p-1");
            row.setPipelineVersionId("v-1");
            row.setServiceAccount("");
            row.setTaskCount(20);
            row.setResourceReferences("[]");
            row.setTaskSummary("{\"task_count\": 20, \"by_state\": {}}");
            row.setMetrics("[]");
            row.setStateHistory("[]");
            row.setVersion(5L);
            rows.add(row);
        }
        ReadTables.upsert(fixture.dsl, RUN_LIST, rows);
        fixture.dsl.execute(fixture.dsl.dialect().family() == SQLDialect.POSTGRES
                ? "ANALYZE run_list" : "ANALYZE TABLE run_list");
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    @Test
    void everyQueryOfTheMatrixIsOneIndexRangeScanInIndexOrder() throws Exception {
        assertThat(fixture.dsl.fetchCount(RUN_LIST)).isEqualTo(ROWS);
        List<String> violations = new ArrayList<>();
        int queries = 0;
        for (Scope scope : Scope.values()) {
            String scopeId = scope == Scope.NAMESPACE ? "ns-1" : "exp-5";
            for (StorageFilter storage : StorageFilter.values()) {
                for (String state : Arrays.asList(null, "RUNNING", "SUCCEEDED")) {
                    for (SortKey sort : SortKey.values()) {
                        for (boolean descending : new boolean[]{false, true}) {
                            Request first = new Request(scope, scopeId, storage, state, sort, descending, null, 20);
                            Result<RunListRecord> page = RunListMatrix.fetch(fixture.dsl, first);
                            assertThat(page).as("rows of %s", first).isNotEmpty();
                            RunListRecord last = page.get(page.size() - 1);
                            Request next = new Request(scope, scopeId, storage, state, sort, descending,
                                    new After(last.get(sort.column), last.getRunId()), 20);
                            String index = RunListMatrix.index(scope, state != null, sort).getName();
                            for (Request request : List.of(first, next)) {
                                queries++;
                                String problem = problem(RunListMatrix.select(fixture.dsl, request), index);
                                if (problem != null) {
                                    violations.add(request + ": " + problem);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(queries).isEqualTo(2 * 3 * 3 * 6 * 2 * 2);
        assertThat(violations).isEmpty();
    }

    private String problem(Query query, String index) throws Exception {
        DSLContext dsl = fixture.dsl;
        boolean postgres = dsl.dialect().family() == SQLDialect.POSTGRES;
        String explain = (postgres ? "EXPLAIN (FORMAT JSON) " : "EXPLAIN FORMAT=JSON ") + dsl.renderInlined(query);
        String planJson = fixture.transactions.execute(status -> {
            RunListMatrix.preparePlanner(dsl);
            return dsl.fetchValue(explain).toString();
        });
        JsonNode plan = JSON.readTree(planJson);
        return postgres ? postgresProblem(plan.get(0).get("Plan"), index) : mariaDbProblem(plan, index);
    }

    /** PostgreSQL: only a Limit over one Index (Only) Scan of the cell's index. */
    private static String postgresProblem(JsonNode plan, String index) {
        List<String> nodes = new ArrayList<>();
        collect(plan, nodes);
        for (String node : nodes) {
            if (node.contains("Sort") || node.contains("Seq Scan") || node.contains("Bitmap")
                    || node.contains("Join") || node.contains("Nested Loop")) {
                return "plan has " + node + ": " + plan;
            }
        }
        if (!nodes.contains("Index Scan " + index) && !nodes.contains("Index Only Scan " + index)) {
            return "plan does not scan " + index + ": " + nodes;
        }
        return null;
    }

    private static void collect(JsonNode node, List<String> nodes) {
        nodes.add((node.path("Node Type").asText() + " " + node.path("Index Name").asText()).trim());
        for (JsonNode child : node.path("Plans")) {
            collect(child, nodes);
        }
    }

    /** MariaDB / MySQL: one table, read by a range or ref access of the cell's index, no filesort. */
    private static String mariaDbProblem(JsonNode plan, String index) {
        String text = plan.toString();
        if (text.contains("filesort")) {
            return "plan sorts: " + text;
        }
        if (plan.findValues("table").size() != 1) {
            return "plan joins: " + text;
        }
        JsonNode table = plan.findValue("table");
        String access = table.path("access_type").asText();
        if (access.equals("ALL") || access.equals("index")) {
            return "plan scans the whole " + (access.equals("ALL") ? "table" : "index") + ": " + text;
        }
        if (!table.path("key").asText().equals(index)) {
            return "plan does not use " + index + ": " + text;
        }
        return null;
    }
}
