package io.runstore.query.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.Select;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * EXPLAINs every SELECT a context runs, just before it runs, on its connection: in its transaction and under its
 * session's planner settings, so the plan is the one the statement gets (binds inlined). Statements sent together as
 * one are taken apart and each SELECT among them explained.
 */
final class ExplainingListener implements ExecuteListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A statement as run, and its plan.
     *
     * @param planCacheMode the session's {@code plan_cache_mode} when it ran (PostgreSQL), null on MariaDB/MySQL
     */
    record Explained(Select<?> query, String sql, JsonNode plan, String planCacheMode) {
    }

    private final List<Explained> explained = new ArrayList<>();

    @Override
    public void executeStart(ExecuteContext ctx) {
        if (ctx.query() instanceof Select<?> select) {
            explain(ctx, select);
            return;
        }
        if (ctx.query() == null) {
            return;
        }
        // several statements sent as one (QueryDsl.fetchTogether): each SELECT explained once the statements before it
        // (a SET LOCAL of the same transaction) have run. Taken apart where a statement starts after a ';' (the test
        // data has no ';' in its values); jOOQ's parser gives each SELECT back as a query model (its LIMIT).
        String[] parts = ctx.dsl().renderInlined(ctx.query()).split(";\\s*(?=(select|set) )");
        if (parts.length < 2) {
            return;
        }
        for (String part : parts) {
            String sql = part.strip().replaceAll(";$", "");
            if (sql.startsWith("select ")) {
                explain(ctx, ctx.dsl().parser().parseSelect(sql));
            } else {
                try (Statement statement = ctx.connection().createStatement()) {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot run " + sql, e);
                }
            }
        }
    }

    private void explain(ExecuteContext ctx, Select<?> select) {
        String sql = ctx.dsl().renderInlined(select);
        String explain = (ctx.family() == SQLDialect.POSTGRES ? "EXPLAIN (FORMAT JSON) " : "EXPLAIN FORMAT=JSON ")
                + sql;
        try (Statement statement = ctx.connection().createStatement();
             ResultSet plan = statement.executeQuery(explain)) {
            plan.next();
            JsonNode tree = JSON.readTree(plan.getString(1));
            String planCacheMode = null;
            if (ctx.family() == SQLDialect.POSTGRES) {
                try (ResultSet mode = statement.executeQuery("SHOW plan_cache_mode")) {
                    mode.next();
                    planCacheMode = mode.getString(1);
                }
            }
            explained.add(new Explained(select, sql, tree, planCacheMode));
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot explain " + sql, e);
        }
    }

    /** The statements explained since the last call. */
    List<Explained> take() {
        List<Explained> taken = List.copyOf(explained);
        explained.clear();
        return taken;
    }
}
