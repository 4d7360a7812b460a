package io.runstore.projections.processing;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.springframework.boot.autoconfigure.jooq.SpringTransactionProvider;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A fresh, migrated read-table database wired as the server wires it: a Spring transaction manager, a DSLContext that
 * joins its transactions and nests through savepoints. {@link #project} applies a batch as the processor does, in one
 * transaction.
 */
final class ReadTablesFixture implements AutoCloseable {

    final TestDatabase database;
    final HikariDataSource dataSource;
    final TransactionTemplate transactions;
    final DSLContext dsl;
    private final BatchProjector projector;

    ReadTablesFixture(DatabaseKind kind) {
        this(kind, UnaryOperator.identity());
    }

    /** @param wrap wraps the pool the projector and the transactions use (to watch their statements, say) */
    ReadTablesFixture(DatabaseKind kind, UnaryOperator<DataSource> wrap) {
        database = TestDatabases.create(kind);
        dataSource = database.newDataSource(4);
        ReadTablesSchema.migrate(dataSource, database.dialect());
        DataSource used = wrap.apply(dataSource);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(used);
        transactions = new TransactionTemplate(transactionManager);
        dsl = DSL.using(new DefaultConfiguration()
                .set(new TransactionAwareDataSourceProxy(used))
                .set(database.dialect())
                .set(new SpringTransactionProvider(transactionManager))
                .set(new Settings().withExecuteLogging(false)));
        projector = new BatchProjector();
    }

    BatchProjector.Result project(List<ProjectedEvent> events) {
        return transactions.execute(status -> projector.apply(dsl, events));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
