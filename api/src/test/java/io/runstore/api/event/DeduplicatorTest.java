package io.runstore.api.event;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumers' helper on a real database: a copy is dropped, a rolled-back transaction's event counts as unseen, a
 * copy does not spoil the transaction it is met in, and the table stays small while copies of forgotten events are
 * still dropped, per partition. Run once per database.
 */
abstract class DeduplicatorTest {

    abstract DatabaseKind databaseKind();

    @Test
    void aCopyIsDroppedInsideTheConsumersTransactionAndARollbackForgetsTheEvent() throws SQLException {
        TestDatabase database = TestDatabases.create(databaseKind());
        try (HikariDataSource dataSource = database.newDataSource(2); Connection connection = dataSource.getConnection()) {
            Deduplicator.createTable(connection);
            Deduplicator.createTable(connection);  // a second time: it exists, nothing happens
            Deduplicator billing = new Deduplicator("billing");
            connection.setAutoCommit(false);

            assertThat(billing.firstTime(connection, 0, "e-1", 1)).isTrue();
            connection.rollback();
            assertThat(billing.firstTime(connection, 0, "e-1", 1)).as("rolled back: not seen").isTrue();
            connection.commit();

            assertThat(billing.firstTime(connection, 0, "e-1", 1)).as("a copy").isFalse();
            try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM "
                    + Deduplicator.TABLE)) {
                ResultSet count = statement.executeQuery();
                count.next();
                assertThat(count.getLong(1)).as("the transaction goes on after a copy").isEqualTo(1);
            }
            assertThat(billing.firstTime(connection, 0, "e-2", 2)).isTrue();
            connection.commit();

            assertThat(new Deduplicator("search").firstTime(connection, 0, "e-1", 1))
                    .as("another consumer has its own ids").isTrue();
            connection.commit();
        }
    }

    @Test
    void theTableStaysSmallAndCopiesOfForgottenEventsAreStillDroppedPerPartition() throws SQLException {
        TestDatabase database = TestDatabases.create(databaseKind());
        try (HikariDataSource dataSource = database.newDataSource(2); Connection connection = dataSource.getConnection()) {
            Deduplicator.createTable(connection);
            Deduplicator seen = new Deduplicator("small", 10, 5);
            connection.setAutoCommit(false);
            String[] ids = new String[201];
            for (int position = 1; position <= 200; position++) {
                ids[position] = UUID.randomUUID().toString();
                // partition 0 has the even positions; partition 1 lags: only its first few odd ones so far
                if (position % 2 == 0) {
                    assertThat(seen.firstTime(connection, 0, ids[position], position)).isTrue();
                } else if (position < 20) {
                    assertThat(seen.firstTime(connection, 1, ids[position], position)).isTrue();
                }
                connection.commit();
            }
            assertThat(rows(connection, 0)).as("ids of partition 0 kept: about retain + pruneEvery, not 100")
                    .isBetween(5L, 12L);

            assertThat(seen.firstTime(connection, 0, ids[2], 2)).as("a copy of a forgotten event").isFalse();
            assertThat(seen.firstTime(connection, 0, ids[196], 196)).as("a copy of a kept one").isFalse();
            assertThat(seen.firstTime(connection, 0, ids[200], 200)).isFalse();
            assertThat(seen.firstTime(connection, 0, UUID.randomUUID().toString(), 202)).isTrue();
            for (int position = 21; position < 200; position += 2) {
                assertThat(seen.firstTime(connection, 1, ids[position], position))
                        .as("partition 1's events are new, whatever partition 0 forgot").isTrue();
            }
            assertThat(seen.firstTime(connection, 1, ids[3], 3)).as("a copy in partition 1").isFalse();
            connection.commit();
        }
    }

    private static long rows(Connection connection, int partition) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM " + Deduplicator.TABLE
                + " WHERE kafka_partition = ?")) {
            statement.setInt(1, partition);
            ResultSet count = statement.executeQuery();
            count.next();
            return count.getLong(1);
        }
    }
}
