package io.runstore.server.database;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

class MysqlPoolDefaultsTest {

    private final MysqlPoolDefaults defaults = new MysqlPoolDefaults();

    @Test
    void theDriverConnectsWithTheDefaults() throws Exception {
        TestDatabase database = TestDatabases.create(DatabaseKind.MYSQL);
        try (HikariDataSource pool = pool(database.jdbcUrl(), database)) {
            defaults.postProcessAfterInitialization(pool, "dataSource");

            try (Connection connection = pool.getConnection()) {
                JdbcConnection driver = connection.unwrap(JdbcConnection.class);
                assertThat(driver.getPropertySet().getBooleanProperty(PropertyKey.useLocalSessionState).getValue())
                        .isTrue();
                assertThat(driver.getPropertySet().getBooleanProperty(PropertyKey.cachePrepStmts).getValue())
                        .isTrue();
                assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            }
        }
    }

    @Test
    void whatTheOperatorSetsStays() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:mysql://db/runstore?cachePrepStmts=false");
            pool.addDataSourceProperty("useLocalSessionState", "false");
            pool.setTransactionIsolation("TRANSACTION_SERIALIZABLE");

            defaults.postProcessAfterInitialization(pool, "dataSource");

            assertThat(pool.getDataSourceProperties())
                    .containsEntry("useLocalSessionState", "false")
                    .doesNotContainKey("cachePrepStmts")
                    .containsEntry("useLocalTransactionState", "true");
            assertThat(pool.getTransactionIsolation()).isEqualTo("TRANSACTION_SERIALIZABLE");
        }
    }

    @Test
    void aPostgresqlPoolIsLeftAlone() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:postgresql://db/runstore");

            defaults.postProcessAfterInitialization(pool, "dataSource");

            assertThat(pool.getDataSourceProperties()).isEmpty();
            assertThat(pool.getTransactionIsolation()).isNull();
        }
    }

    private static HikariDataSource pool(String url, TestDatabase database) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(1);
        return pool;
    }
}
