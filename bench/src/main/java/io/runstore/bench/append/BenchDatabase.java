package io.runstore.bench.append;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.events.EventJson;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fresh database on the local server with the wiring the server uses: a connection pool, a Spring transaction
 * manager, a jOOQ context that joins its transactions, Axon's transaction manager on top, JSON serialization.
 */
public final class BenchDatabase implements AutoCloseable {

    public final DatabaseKind kind;
    public final TestDatabase database;
    public final HikariDataSource dataSource;
    public final DataSourceTransactionManager transactionManager;
    public final SpringTransactionManager axonTransactionManager;
    public final TransactionTemplate transactions;
    public final DSLContext dsl;
    public final Serializer serializer;

    public BenchDatabase(DatabaseKind kind, int poolSize) {
        this(kind, TestDatabases.create(kind), poolSize);
    }

    /** The database {@code name}, created if missing and kept: a data set measured by several builds. */
    public static BenchDatabase named(DatabaseKind kind, String name, int poolSize) {
        return new BenchDatabase(kind, TestDatabases.named(kind, name), poolSize);
    }

    private BenchDatabase(DatabaseKind kind, TestDatabase database, int poolSize) {
        this.kind = kind;
        this.database = database;
        dataSource = database.newDataSource(poolSize);
        transactionManager = new DataSourceTransactionManager(dataSource);
        axonTransactionManager = new SpringTransactionManager(transactionManager);
        transactions = new TransactionTemplate(transactionManager);
        dsl = DSL.using(new TransactionAwareDataSourceProxy(dataSource), database.dialect(),
                new Settings().withExecuteLogging(false));
        serializer = JacksonSerializer.builder().objectMapper(EventJson.newObjectMapper()).build();
    }

    long count(Table<?> table) {
        return dsl.fetchCount(table);
    }

    /** Bytes on disk of a table with its indexes (PostgreSQL: exact; InnoDB: its statistics after ANALYZE). */
    long sizeOf(Table<?> table) {
        if (kind == DatabaseKind.POSTGRESQL) {
            return dsl.fetchValue(DSL.field("pg_total_relation_size({0})", SQLDataType.BIGINT,
                    DSL.inline(table.getName())));
        }
        dsl.execute("analyze table {0}", table);
        return dsl.fetchValue(DSL.select(DSL.field(DSL.name("data_length"), SQLDataType.BIGINT)
                        .plus(DSL.field(DSL.name("index_length"), SQLDataType.BIGINT)))
                .from(DSL.table(DSL.name("information_schema", "tables")))
                .where(DSL.field(DSL.name("table_schema"), SQLDataType.VARCHAR).eq(DSL.field("database()",
                        SQLDataType.VARCHAR)))
                .and(DSL.field(DSL.name("table_name"), SQLDataType.VARCHAR).eq(table.getName())));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
