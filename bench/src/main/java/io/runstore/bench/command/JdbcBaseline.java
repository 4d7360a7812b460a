package io.runstore.bench.command;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.TestDatabase;
import org.HdrHistogram.Histogram;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The context for the figures: plain JDBC inserting one row per transaction (autocommit) into a table of the same
 * database, at the same concurrency, with nothing else in the way (no HTTP, no Axon, no projection).
 */
final class JdbcBaseline {

    private JdbcBaseline() {
    }

    static Point measure(TestDatabase database, int threads, Duration warmUp, Duration measured) throws Exception {
        try (HikariDataSource dataSource = database.newDataSource(threads)) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS bench_baseline (id BIGINT NOT NULL PRIMARY KEY, "
                        + "run_id VARCHAR(64) NOT NULL, payload VARCHAR(512) NOT NULL)");
            }
            AtomicLong ids = new AtomicLong(System.nanoTime());
            String payload = "{\"display_name\": \"" + "x".repeat(200) + "\"}";
            return Load.run(threads, warmUp, measured, thread -> {
                try (Connection connection = dataSource.getConnection();
                     PreparedStatement insert = connection.prepareStatement(
                             "INSERT INTO bench_baseline (id, run_id, payload) VALUES (?, ?, ?)")) {
                    insert.setLong(1, ids.incrementAndGet());
                    insert.setString(2, "run-" + thread);
                    insert.setString(3, payload);
                    insert.executeUpdate();
                    return true;
                } catch (SQLException e) {
                    return false;
                }
            });
        }
    }

    /** One measured point: operations and their latencies, corrected for coordinated omission ({@link Load}). */
    record Point(long operations, long errors, double seconds, Histogram latencyMicros) {

        double perSecond() {
            return operations / seconds;
        }

        double p50Millis() {
            return latencyMicros.getValueAtPercentile(50) / 1000.0;
        }

        double p99Millis() {
            return latencyMicros.getValueAtPercentile(99) / 1000.0;
        }
    }
}
