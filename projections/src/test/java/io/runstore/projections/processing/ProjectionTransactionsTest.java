package io.runstore.projections.processing;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.common.transaction.Transaction;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projector's batches run at READ COMMITTED, whatever the database's default, and on PostgreSQL commit without
 * waiting for the WAL flush (that transaction only). Once per database.
 */
abstract class ProjectionTransactionsTest {

    private final DatabaseKind kind;

    ProjectionTransactionsTest(DatabaseKind kind) {
        this.kind = kind;
    }

    @Test
    void aBatchTransactionIsReadCommittedAndOnPostgresCommitsWithoutWaitingForTheWalFlush() {
        TestDatabase database = TestDatabases.create(kind);
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            DSLContext dsl = DSL.using(new TransactionAwareDataSourceProxy(dataSource), database.dialect());
            Transaction transaction = ProjectionTransactions.of(new DataSourceTransactionManager(dataSource), dsl)
                    .startTransaction();
            try {
                assertThat(setting(dsl, kind == DatabaseKind.POSTGRESQL
                        ? "current_setting('transaction_isolation')" : "@@tx_isolation").replace('-', ' ').toLowerCase())
                        .isEqualTo("read committed");
                if (kind == DatabaseKind.POSTGRESQL) {
                    assertThat(setting(dsl, "current_setting('synchronous_commit')")).isEqualTo("off");
                }
            } finally {
                transaction.rollback();
            }
            if (kind == DatabaseKind.POSTGRESQL) {
                assertThat(setting(dsl, "current_setting('synchronous_commit')"))
                        .as("only for the projector's transaction").isEqualTo("on");
            }
        }
    }

    private static String setting(DSLContext dsl, String expression) {
        return dsl.fetchSingle("SELECT " + expression).get(0, String.class);
    }
}
