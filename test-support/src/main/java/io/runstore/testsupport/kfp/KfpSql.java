package io.runstore.testsupport.kfp;

import io.runstore.testsupport.listruns.ListRunsRequest;
import org.jooq.SQLDialect;

import java.util.List;
import java.util.stream.Collectors;

/**
 * KFP's run tables and ListRuns statements, reproduced from KFP's backend (backend/src/apiserver/storage/run_store.go,
 * backend/src/apiserver/list/list.go, backend/src/apiserver/model) and written here from that description, not
 * copied. The query shapes are the same on both databases, as in KFP; each subclass holds one database's DDL and the
 * few things KFP renders differently there (identifier quoting, string aggregation, what GROUP BY must list).
 * Values are bound, never inlined.
 */
public abstract sealed class KfpSql permits KfpPostgresSql, KfpMySqlSql {

    public static KfpSql of(SQLDialect dialect) {
        return dialect.family() == SQLDialect.POSTGRES ? new KfpPostgresSql() : new KfpMySqlSql();
    }

    /** Tables with their primary keys: what exists while the data is bulk-loaded. */
    abstract List<String> createTables();

    /** KFP's secondary indexes, created once the data is in. */
    abstract List<String> createIndexes();

    /** Fresh planner statistics for every table. */
    abstract List<String> analyzeTables();

    /** What KFP sets on each connection (null for nothing): give it to the pool as its connection init SQL. */
    public abstract String connectionInitSql();

    abstract String quote(String identifier);

    /** KFP's JSON array of a child table's payloads: '[' + the payloads joined by ',' + ']'. */
    abstract String jsonArrayOf(String payloadColumn);

    /** The GROUP BY of a layer that selects {@code key} (the run's UUID) and carries {@code carried} up unaggregated. */
    abstract String groupBy(String key, List<String> carried);

    String insert(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + columns.stream().map(this::quote).collect(Collectors.joining(", "))
                + ") VALUES (" + columns.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")";
    }

    /**
     * KFP 2.x ListRuns as released for MySQL ({@code RunStore.ListRuns}, {@code buildSelectRunsQuery},
     * {@code addMetricsResourceReferencesAndTasks}): the innermost select takes the page (scope, filter, token seek,
     * ORDER BY sort column and UUID, LIMIT size + 1) with all 32 columns of run_details; three derived tables then
     * LEFT JOIN resource_references, tasks and run_metrics one at a time, each grouped by the run and adding the
     * child's payloads as a JSON array, each carrying every column of the layer below up; the outermost select
     * applies the token seek and the order again.
     */
    public BoundSql originalListRuns(ListRunsRequest request) {
        KfpListRunsClauses clauses = new KfpListRunsClauses(request, this::quote);
        List<String> carried = KfpColumns.RUN_DETAILS;
        String uuid = quote("UUID");
        SqlText sql = new SqlText()
                .sql("SELECT " + columns("subq.", carried) + ", subq.refs, subq." + quote("taskDetails") + ", "
                        + jsonArrayOf("rm." + quote("Payload")) + " AS metrics FROM (")
                .sql("SELECT " + columns("rdref.", carried) + ", rdref.refs, " + jsonArrayOf("tasks." + quote("Payload"))
                        + " AS " + quote("taskDetails") + " FROM (")
                .sql("SELECT " + columns("rd.", carried) + ", " + jsonArrayOf("rr." + quote("Payload")) + " AS refs FROM (")
                .sql("SELECT " + columns("", carried) + " FROM run_details WHERE ");
        clauses.scopeAndFilter(sql);
        if (clauses.hasCursor()) {
            sql.sql(" AND ");
            clauses.cursor(sql, "");
        }
        sql.sql(" ORDER BY " + clauses.orderBy("", false) + " LIMIT ").bind(clauses.limit())
                .sql(") AS rd LEFT JOIN resource_references AS rr ON rr." + quote("ResourceType") + " = 'Run' AND rd."
                        + uuid + " = rr." + quote("ResourceUUID") + " GROUP BY " + groupBy("rd." + uuid, prefixed("rd.", carried)))
                .sql(") AS rdref LEFT JOIN tasks AS tasks ON rdref." + uuid + " = tasks." + quote("RunUUID")
                        + " GROUP BY " + groupBy("rdref." + uuid, concat(prefixed("rdref.", carried), "rdref.refs")))
                .sql(") AS subq LEFT JOIN run_metrics AS rm ON subq." + uuid + " = rm." + quote("RunUUID"));
        if (clauses.hasCursor()) {
            sql.sql(" WHERE ");
            clauses.cursor(sql, "");
        }
        sql.sql(" GROUP BY " + groupBy("subq." + uuid,
                        concat(prefixed("subq.", carried), "subq.refs", "subq." + quote("taskDetails"))))
                .sql(" ORDER BY " + clauses.orderBy("", false));
        return sql.build();
    }

    /**
     * ListRuns after KFP's PostgreSQL integration (PR #12379), the same statement on both databases: the page is
     * taken on (UUID, sort column) only, every ORDER BY led by {@code (sortcol IS NULL) ASC}; the three children are
     * aggregated over the page's runs, layer by layer, each layer grouped by every column it carries (as PostgreSQL
     * requires); the result is INNER JOINed back to run_details for the wide columns.
     */
    public BoundSql portListRuns(ListRunsRequest request) {
        KfpListRunsClauses clauses = new KfpListRunsClauses(request, this::quote);
        String uuid = quote("UUID");
        String sort = quote(clauses.sortColumn());
        String taskDetails = quote("taskDetails");
        SqlText sql = new SqlText()
                .sql("SELECT " + columns("rd.", KfpColumns.RUN_DETAILS) + ", agg.refs, agg." + taskDetails + ", agg.metrics FROM (")
                .sql("SELECT t." + uuid + ", t." + sort + ", t.refs, t." + taskDetails + ", "
                        + jsonArrayOf("rm." + quote("Payload")) + " AS metrics FROM (")
                .sql("SELECT r." + uuid + ", r." + sort + ", r.refs, " + jsonArrayOf("tasks." + quote("Payload"))
                        + " AS " + taskDetails + " FROM (")
                .sql("SELECT page." + uuid + ", page." + sort + ", " + jsonArrayOf("rr." + quote("Payload")) + " AS refs FROM (")
                .sql("SELECT " + uuid + ", " + sort + " FROM run_details WHERE ");
        clauses.scopeAndFilter(sql);
        if (clauses.hasCursor()) {
            sql.sql(" AND ");
            clauses.cursor(sql, "");
        }
        sql.sql(" ORDER BY " + clauses.orderBy("", true) + " LIMIT ").bind(clauses.limit())
                .sql(") AS page LEFT JOIN resource_references AS rr ON rr." + quote("ResourceType") + " = 'Run' AND rr."
                        + quote("ResourceUUID") + " = page." + uuid + " GROUP BY page." + uuid + ", page." + sort)
                .sql(") AS r LEFT JOIN tasks AS tasks ON tasks." + quote("RunUUID") + " = r." + uuid
                        + " GROUP BY r." + uuid + ", r." + sort + ", r.refs")
                .sql(") AS t LEFT JOIN run_metrics AS rm ON rm." + quote("RunUUID") + " = t." + uuid
                        + " GROUP BY t." + uuid + ", t." + sort + ", t.refs, t." + taskDetails)
                .sql(") AS agg INNER JOIN run_details AS rd ON rd." + uuid + " = agg." + uuid)
                .sql(" ORDER BY " + clauses.orderBy("agg.", true));
        return sql.build();
    }

    /** total_size: COUNT(*) over scope and filter, run in the page's transaction on every page. */
    public BoundSql countRuns(ListRunsRequest request) {
        KfpListRunsClauses clauses = new KfpListRunsClauses(request, this::quote);
        SqlText sql = new SqlText().sql("SELECT COUNT(*) FROM run_details WHERE ");
        clauses.scopeAndFilter(sql);
        return sql.build();
    }

    private String columns(String qualifier, List<String> names) {
        return String.join(", ", prefixed(qualifier, names));
    }

    private List<String> prefixed(String qualifier, List<String> names) {
        return names.stream().map(name -> qualifier + quote(name)).toList();
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }
}
