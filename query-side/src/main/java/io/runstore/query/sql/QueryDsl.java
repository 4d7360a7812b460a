package io.runstore.query.sql;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one place the query side differs by database. The keyset seek: PostgreSQL reads a row comparison
 * {@code (a, b) > (?, ?)} as an index range; MariaDB reads neither that nor {@code a > ? OR (a = ? AND b > ?)} as a
 * range (EXPLAIN: {@code ref} on the scope prefix, every row before the position read and dropped), but it does read
 * {@code a >= ? AND (a > ? OR b > ?)}: the redundant first term bounds the range. And MariaDB, left to itself, may
 * read a matrix query by another index plus a filesort, so there the query names its index; PostgreSQL has no index
 * hints, so there the matrix's reads run with sort steps priced out, and a name search is planned for its text
 * ({@link Planning}). Every statement also carries the query timeout.
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

    /** Rows after {@code (value, id)} in the order {@code sort, id} ascending, or before it when descending. */
    @SuppressWarnings("unchecked")
    public static Condition after(DSLContext dsl, Field<?> sort, Field<String> id, Object value, String lastId,
                                  boolean descending) {
        Field<Object> field = (Field<Object>) sort;
        if (dsl.dialect().family() == SQLDialect.POSTGRES) {
            return descending ? DSL.row(field, id).lt(value, lastId) : DSL.row(field, id).gt(value, lastId);
        }
        return descending
                ? field.le(value).and(field.lt(value).or(id.lt(lastId)))
                : field.ge(value).and(field.gt(value).or(id.gt(lastId)));
    }

    /**
     * Whether a seek is better split in two queries, the rows tied with the position, then the rows past its value:
     * on MariaDB the range of {@code a >= ? AND (a > ? OR id > ?)} is bounded on {@code a} only, so a position inside a
     * large group of ties (a state; the 0 of every unset finished_at / scheduled_at) would read every tied row before
     * it. Each of the two queries is an exact index range.
     */
    public static boolean seeksTiesSeparately(DSLContext dsl) {
        return dsl.dialect().family() != SQLDialect.POSTGRES;
    }

    /**
     * How PostgreSQL plans a listing's reads (MariaDB/MySQL reads name their index instead: {@link #indexed}).
     * A setting lasts one transaction ({@code SET LOCAL}), so reads planned other than {@link #AS_IS} run in one.
     */
    public enum Planning {
        /** The planner's own choice. */
        AS_IS,
        /**
         * Sort steps priced out ({@code SET LOCAL enable_sort = off}): for a scope with a handful of matching rows
         * (say 14 archived RUNNING runs of an experiment) its planner prices a bitmap scan plus a sort of those rows
         * a little below the ordered index scan; this leaves a sort step only where no ordered path exists.
         */
        IN_INDEX_ORDER,
        /**
         * Every statement planned for its own values ({@code SET LOCAL plan_cache_mode = force_custom_plan}), sort
         * steps allowed: a substring filter ({@code LIKE '%text%'}). Its selectivity depends on the text: a rare one
         * is read best by the trigram index (V11) and its few rows sorted, a common one by the index in the page's
         * order, or for a COUNT the name index. A cached generic plan, which the driver's server-prepared statements
         * get after five runs, knows no text and reads the trigram index for all of them: 2.8 s for a two-letter
         * text at 200,000 runs, where the name index counts in 20 ms.
         */
        FOR_THE_VALUES
    }

    /** Runs reads in index order ({@link Planning#IN_INDEX_ORDER}). */
    public static <T> T inIndexOrder(DSLContext dsl, Function<DSLContext, T> reads) {
        return planned(dsl, Planning.IN_INDEX_ORDER, reads);
    }

    /** Runs reads planned as asked: on PostgreSQL in one transaction with its setting; as is on MariaDB/MySQL. */
    public static <T> T planned(DSLContext dsl, Planning planning, Function<DSLContext, T> reads) {
        if (dsl.dialect().family() != SQLDialect.POSTGRES || planning == Planning.AS_IS) {
            return reads.apply(dsl);
        }
        return dsl.transactionResult(transaction -> {
            setting(transaction.dsl(), planning).execute();
            return reads.apply(transaction.dsl());
        });
    }

    private static Query setting(DSLContext dsl, Planning planning) {
        return planning == Planning.IN_INDEX_ORDER
                ? dsl.setLocal(DSL.name("enable_sort"), DSL.inline("off"))
                : dsl.setLocal(DSL.name("plan_cache_mode"), DSL.inline("force_custom_plan"));
    }

    /**
     * The results of reads that do not depend on each other, in their order, planned as {@link #planned} plans them.
     * PostgreSQL takes several statements in one exchange, so there they travel together: the transaction's
     * {@code SET LOCAL} and the reads are one round trip, and its COMMIT the only other (one statement after another
     * would be a round trip each, four for a page and its total_size). MariaDB/MySQL (whose driver takes one
     * statement at a time unless told otherwise) reads them one after the other, without a transaction.
     */
    public static List<Result<Record>> fetchTogether(DSLContext dsl, Planning planning,
                                                     List<? extends ResultQuery<?>> reads) {
        if (dsl.dialect().family() != SQLDialect.POSTGRES) {
            return fetchedInTurn(reads);
        }
        if (planning == Planning.AS_IS) {
            return reads.size() < 2 ? fetchedInTurn(reads) : inOneExchange(dsl, reads);
        }
        return dsl.transactionResult(transaction -> {
            List<Query> statements = new ArrayList<>();
            statements.add(setting(transaction.dsl(), planning));
            statements.addAll(reads);
            return inOneExchange(transaction.dsl(), statements);
        });
    }

    /**
     * The statements as one JDBC statement, their results in order: jOOQ's own {@code Queries.fetchMany()} runs them
     * one by one. The template only places the statements jOOQ renders, each followed by its {@code ;}.
     */
    private static List<Result<Record>> inOneExchange(DSLContext dsl, List<? extends Query> statements) {
        return dsl.resultQuery("{0}", dsl.queries(statements)).fetchMany();
    }

    @SuppressWarnings("unchecked")
    private static List<Result<Record>> fetchedInTurn(List<? extends ResultQuery<?>> reads) {
        List<Result<Record>> results = new ArrayList<>();
        for (ResultQuery<?> read : reads) {
            results.add((Result<Record>) read.fetch());
        }
        return results;
    }

    public static DSLContext of(DSLContext base, Duration statementTimeout) {
        int seconds = (int) Math.max(1, (statementTimeout.toMillis() + 999) / 1000);
        return DSL.using(base.configuration().derive(base.settings()
                .withQueryTimeout(seconds)));
    }
}
