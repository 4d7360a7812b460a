package io.runstore.query;

import io.runstore.eventstore.EventStoreSchema;
import io.runstore.query.sql.QueryDsl;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.jooq.DSLContext;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * One migrated database per kind for the test JVM (read tables, and the event store the history reads), and the query
 * side's jOOQ context on it.
 */
public final class QueryDatabases {

    private static final Map<DatabaseKind, QueryDatabases> OPEN = new EnumMap<>(DatabaseKind.class);

    public final TestDatabase database;
    public final DataSource dataSource;
    public final DSLContext dsl;
    public final ReadTableFixtures fixtures;

    private QueryDatabases(DatabaseKind kind) {
        this.database = TestDatabases.create(kind);
        this.dataSource = database.newDataSource(4);
        ReadTableFixtures.migrate(dataSource, database.dialect());
        EventStoreSchema.migrate(dataSource, database.dialect());
        this.dsl = QueryDsl.of(ReadTableFixtures.connect(dataSource, database.dialect()), Duration.ofSeconds(5));
        this.fixtures = new ReadTableFixtures(dsl);
    }

    public static synchronized QueryDatabases of(DatabaseKind kind) {
        return OPEN.computeIfAbsent(kind, QueryDatabases::new);
    }

    /** A database of its own, for a test whose rows must not meet the other tests' (dropped when the JVM exits). */
    public static QueryDatabases fresh(DatabaseKind kind) {
        return new QueryDatabases(kind);
    }
}
