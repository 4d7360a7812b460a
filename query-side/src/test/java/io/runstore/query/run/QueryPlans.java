package io.runstore.query.run;

import com.fasterxml.jackson.databind.JsonNode;
import org.jooq.SQLDialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a statement's EXPLAIN FORMAT JSON and tells what keeps it from being one index range scan of one table.
 * PostgreSQL: a sort step, a sequential scan, a bitmap scan where index order is needed (it loses it), a join, a
 * condition checked on rows after the index read them. MariaDB/MySQL: a filesort, a full table or index scan, a join,
 * and on a keyset page a range that does not start at the position (every row before it read and dropped).
 */
final class QueryPlans {

    /**
     * What one statement's plan must be.
     *
     * @param table       the one table it reads
     * @param index       the index it reads that table by (MariaDB names a primary key PRIMARY)
     * @param ordered     whether its rows must come in index order (a page), or not (a lookup it sums)
     * @param pinnedParts for a keyset page, the leading index columns its equalities pin: on MariaDB the range must
     *                    go further (the sort column or run_id bounded by the position); 0 for any other statement
     */
    record Expected(String table, String index, boolean ordered, int pinnedParts) {
    }

    private QueryPlans() {
    }

    /** The problem with this plan, or null. */
    static String problem(SQLDialect dialect, JsonNode plan, Expected expected) {
        return dialect.family() == SQLDialect.POSTGRES
                ? postgresProblem(plan.get(0).get("Plan"), expected)
                : mariaDbProblem(plan, expected);
    }

    private static String postgresProblem(JsonNode plan, Expected expected) {
        List<JsonNode> nodes = new ArrayList<>();
        collect(plan, nodes);
        Set<String> tables = new TreeSet<>();
        boolean readsIndex = false;
        for (JsonNode node : nodes) {
            String type = node.path("Node Type").asText();
            if (type.contains("Sort")) {
                return "plan sorts (" + type + ")";
            }
            if (type.equals("Seq Scan")) {
                return "plan scans the whole table";
            }
            if (expected.ordered() && type.startsWith("Bitmap")) {
                return "plan reads a bitmap scan (" + type + "), which loses index order";
            }
            if (type.contains("Join") || type.equals("Nested Loop")) {
                return "plan joins (" + type + ")";
            }
            if (node.has("Relation Name") && node.has("Filter")) {
                return "plan checks " + node.get("Filter").asText() + " on rows after the index read them";
            }
            if (node.has("Relation Name")) {
                tables.add(node.get("Relation Name").asText());
            }
            readsIndex |= node.path("Index Name").asText().equals(expected.index());
        }
        if (!tables.equals(Set.of(expected.table()))) {
            return "plan reads " + tables + ", not " + expected.table() + " alone";
        }
        return readsIndex ? null : "plan does not read " + expected.index();
    }

    /** The indexes a plan reads: PostgreSQL's {@code Index Name}s, MariaDB/MySQL's {@code key}s. */
    static Set<String> indexes(JsonNode plan) {
        Set<String> indexes = new TreeSet<>();
        plan.findValues("Index Name").forEach(name -> indexes.add(name.asText()));
        plan.findValues("key").forEach(name -> indexes.add(name.asText()));
        return indexes;
    }

    private static void collect(JsonNode node, List<JsonNode> nodes) {
        nodes.add(node);
        for (JsonNode child : node.path("Plans")) {
            collect(child, nodes);
        }
    }

    private static String mariaDbProblem(JsonNode plan, Expected expected) {
        if (plan.toString().contains("filesort")) {
            return "plan sorts (filesort)";
        }
        List<JsonNode> tables = plan.findValues("table");
        if (tables.size() != 1) {
            return "plan joins " + tables.size() + " tables";
        }
        JsonNode table = tables.get(0);
        if (table.path("message").asText().startsWith("Impossible WHERE")) {
            return null; // contradictory conditions (a tie with a pinned value and a value past it): nothing is read
        }
        if (!table.path("table_name").asText().equals(expected.table())) {
            return "plan reads " + table.path("table_name").asText() + ", not " + expected.table();
        }
        String access = table.path("access_type").asText();
        if (access.equals("ALL") || access.equals("index")) {
            return "plan scans the whole " + (access.equals("ALL") ? "table" : "index");
        }
        if (!table.path("key").asText().equals(expected.index())) {
            return "plan does not read " + expected.index();
        }
        if (expected.pinnedParts() > 0
                && !(access.equals("range") && table.path("used_key_parts").size() > expected.pinnedParts())) {
            return "keyset page's range does not start at the position (" + access + " on "
                    + table.path("used_key_parts") + ")";
        }
        return null;
    }
}
