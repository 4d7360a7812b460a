package io.runstore.query.config;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.time.Duration;

/**
 * The one place the query side differs by database: PostgreSQL reads a row comparison {@code (a, b) > (?, ?)} as an
 * index range, MariaDB/MySQL only the written-out {@code a > ? OR (a = ? AND b > ?)}, so jOOQ's {@code seek} renders
 * accordingly; and MariaDB, left to itself, reads a deep descending keyset page by another index plus a filesort,
 * so there a matrix query names its index. Every statement also carries the query timeout.
 */
public final class QueryDsl {

    private final DSLContext dsl;

    /** Wraps the application's context (a bean of its own type, so it never competes with the DSLContext bean). */
    public QueryDsl(DSLContext base, Duration statementTimeout) {
        this.dsl = of(base, statementTimeout);
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** The table read through this index on MariaDB/MySQL; as is on PostgreSQL (its planner needs no hint). */
    public static <R extends Record> Table<R> indexed(DSLContext dsl, Table<R> table, String index) {
        return index == null || dsl.dialect().family() == SQLDialect.POSTGRES ? table : table.forceIndex(index);
    }

    public static DSLContext of(DSLContext base, Duration statementTimeout) {
        boolean rowComparison = base.dialect().family() == SQLDialect.POSTGRES;
        int seconds = (int) Math.max(1, (statementTimeout.toMillis() + 999) / 1000);
        return DSL.using(base.configuration().derive(base.settings()
                .withRenderRowConditionForSeekClause(rowComparison)
                .withQueryTimeout(seconds)));
    }
}
