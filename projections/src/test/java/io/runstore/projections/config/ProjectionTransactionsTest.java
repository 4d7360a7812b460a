package io.runstore.projections.config;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/** The projector's batches run at READ COMMITTED, whatever the database's default. Once per database. */
abstract class ProjectionTransactionsTest {

    private final DatabaseKind kind;

    ProjectionTransactionsTest(DatabaseKind kind) {
        this.kind = kind;
    }

    @Test
    void aBatchTransactionIsReadCommitted() {
        TestDatabase database = TestDatabases.create(kind);
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            SpringTransactionManager transactions = ProjectionTransactions.readCommitted(
                    new DataSourceTransactionManager(dataSource));
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            String query = kind == DatabaseKind.POSTGRESQL ? "SELECT current_setting('transaction_isolation')"
                    : "SELECT @@tx_isolation";
            Transaction transaction = transactions.startTransaction();
            try {
                assertThat(jdbc.queryForObject(query, String.class).replace('-', ' ').toLowerCase())
                        .isEqualTo("read committed");
            } finally {
                transaction.rollback();
            }
        }
    }
}
