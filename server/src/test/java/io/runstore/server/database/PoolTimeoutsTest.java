package io.runstore.server.database;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PoolTimeoutsTest {

    private static final PoolTimeouts TIMEOUTS = new PoolTimeouts(Duration.ofSeconds(2), Duration.ofMillis(2_500),
            false, false);

    @Test
    void postgresqlConnectionsWaitForTheDatabaseAtMostTheResponseTimeoutInWholeSeconds() {
        HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:5432/runstore");
        TIMEOUTS.apply(pool);
        assertThat(pool.getDataSourceProperties()).containsEntry("socketTimeout", "3");
        assertThat(pool.getConnectionTimeout()).isEqualTo(2_000);
        assertThat(pool.getValidationTimeout()).isEqualTo(1_000);
    }

    @Test
    void mysqlConnectionsWaitForTheDatabaseAtMostTheResponseTimeoutInMilliseconds() {
        HikariDataSource pool = pool("jdbc:mysql://127.0.0.1:3306/runstore");
        TIMEOUTS.apply(pool);
        assertThat(pool.getDataSourceProperties()).containsEntry("socketTimeout", "2500");
    }

    @Test
    void aSocketTimeoutTheUrlOrThePoolGivesIsLeftAsItIs() {
        HikariDataSource inUrl = pool("jdbc:mysql://127.0.0.1:3306/runstore?socketTimeout=0");
        TIMEOUTS.apply(inUrl);
        assertThat(inUrl.getDataSourceProperties()).doesNotContainKey("socketTimeout");
        HikariDataSource inProperties = pool("jdbc:postgresql://127.0.0.1:5432/runstore");
        inProperties.addDataSourceProperty("socketTimeout", "600");
        TIMEOUTS.apply(inProperties);
        assertThat(inProperties.getDataSourceProperties()).containsEntry("socketTimeout", "600");
    }

    @Test
    void aResponseTimeoutOfZeroLeavesTheDriversDefault() {
        HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:5432/runstore");
        new PoolTimeouts(Duration.ofSeconds(2), Duration.ZERO, false, false).apply(pool);
        assertThat(pool.getDataSourceProperties()).doesNotContainKey("socketTimeout");
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        return pool;
    }
}
