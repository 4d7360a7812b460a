package io.runstore.database;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What each database and its driver really throw, classified: a duplicate key, a lock wait given up, a statement over
 * its timeout, a server that cannot be reached, a value the table cannot hold; raw from the driver and wrapped by
 * Spring (as jOOQ's and Spring's layers hand them on). On both databases.
 */
class DatabaseFailuresTest {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aDuplicateKeyIsDuplicateKeyAndNotTransient(DatabaseKind kind) throws Exception {
        TestDatabase database = TestDatabases.create(kind);
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute("create table keyed (k varchar(10) primary key)");
            statement.execute("insert into keyed values ('a')");
            Throwable raw = catchThrowable(() -> statement.execute("insert into keyed values ('a')"));

            assertThat(DatabaseFailures.classify(raw)).isEqualTo(DatabaseFailure.DUPLICATE_KEY);
            assertThat(DatabaseFailures.isTransient(raw)).isFalse();
        }
        try (HikariDataSource pool = database.newDataSource(2)) {
            Throwable wrapped = catchThrowable(() -> new JdbcTemplate(pool).update("insert into keyed values ('a')"));
            assertThat(DatabaseFailures.isDuplicateKey(new IllegalStateException("wrapped", wrapped))).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aValueTheTableCannotHoldIsPermanent(DatabaseKind kind) throws Exception {
        TestDatabase database = TestDatabases.create(kind);
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            if (kind == DatabaseKind.MYSQL) {
                statement.execute("set session sql_mode = 'STRICT_ALL_TABLES'");
            }
            statement.execute("create table short_text (t varchar(3))");
            Throwable raw = catchThrowable(() -> statement.execute("insert into short_text values ('too long')"));

            assertThat(raw).isInstanceOf(SQLException.class);
            assertThat(DatabaseFailures.classify(raw)).isEqualTo(DatabaseFailure.PERMANENT);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aStatementOverItsTimeoutIsTimeoutAndTransient(DatabaseKind kind) throws Exception {
        TestDatabase database = TestDatabases.create(kind);
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            String sleep = kind == DatabaseKind.POSTGRESQL ? "select pg_sleep(5)" : "select sleep(5)";
            Throwable raw = catchThrowable(() -> statement.execute(sleep));
            assertThat(DatabaseFailures.classify(raw)).isEqualTo(DatabaseFailure.TIMEOUT);

            if (kind == DatabaseKind.MYSQL) {
                // the server's own limit: MariaDB's max_statement_time (1969)
                statement.setQueryTimeout(0);
                statement.execute("set session max_statement_time = 0.2");
                Throwable server = catchThrowable(() -> statement.execute("select sleep(5) from dual where 1 = "
                        + "(select count(*) from information_schema.tables where sleep(1) = 0)"));
                assertThat(server).as("max_statement_time").isNotNull();
                assertThat(DatabaseFailures.classify(server)).isEqualTo(DatabaseFailure.TIMEOUT);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aLockWaitGivenUpIsConcurrencyAndTransient(DatabaseKind kind) throws Exception {
        TestDatabase database = TestDatabases.create(kind);
        try (Connection holder = connect(database); Connection waiter = connect(database);
             Statement holding = holder.createStatement(); Statement waiting = waiter.createStatement()) {
            holding.execute("create table locked (k int primary key, v int)");
            holding.execute("insert into locked values (1, 0)");
            holder.setAutoCommit(false);
            holding.execute("update locked set v = 1 where k = 1");
            waiter.setAutoCommit(false);
            waiting.execute(kind == DatabaseKind.POSTGRESQL ? "set lock_timeout = '200ms'"
                    : "set session innodb_lock_wait_timeout = 1");
            Throwable raw = catchThrowable(() -> waiting.execute("update locked set v = 2 where k = 1"));
            holder.rollback();

            assertThat(DatabaseFailures.classify(raw)).isEqualTo(DatabaseFailure.CONCURRENCY);
            assertThat(DatabaseFailures.isTransient(raw)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aDeadlockIsConcurrencyAndTransient(DatabaseKind kind) throws Exception {
        TestDatabase database = TestDatabases.create(kind);
        try (Connection first = connect(database); Connection second = connect(database);
             Statement one = first.createStatement(); Statement two = second.createStatement()) {
            one.execute("create table pair (k int primary key, v int)");
            one.execute("insert into pair values (1, 0), (2, 0)");
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            one.execute("update pair set v = 1 where k = 1");
            two.execute("update pair set v = 2 where k = 2");
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Throwable> firstWaits = CompletableFuture.supplyAsync(() -> {
                started.countDown();
                return catchThrowable(() -> one.execute("update pair set v = 1 where k = 2"));
            });
            started.await(10, TimeUnit.SECONDS);
            Throwable secondWaits = catchThrowable(() -> two.execute("update pair set v = 2 where k = 1"));
            Throwable firstFailure = firstWaits.get(60, TimeUnit.SECONDS);
            Throwable deadlock = secondWaits != null ? secondWaits : firstFailure;
            first.rollback();
            second.rollback();

            assertThat(deadlock).as("one of the two is chosen as the deadlock's victim").isNotNull();
            assertThat(DatabaseFailures.classify(deadlock)).isEqualTo(DatabaseFailure.CONCURRENCY);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aServerThatCannotBeReachedIsUnavailable(DatabaseKind kind) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = kind == DatabaseKind.POSTGRESQL
                ? "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres?connectTimeout=2"
                : "jdbc:mysql://127.0.0.1:" + closedPort + "/?connectTimeout=2000";
        Throwable raw = catchThrowable(() -> DriverManager.getConnection(url, "nobody", "").close());
        assertThat(DatabaseFailures.classify(raw)).isEqualTo(DatabaseFailure.UNAVAILABLE);

        DataSourceTransactionManager transactions = new DataSourceTransactionManager(
                new org.springframework.jdbc.datasource.DriverManagerDataSource(url, "nobody", ""));
        Throwable viaSpring = catchThrowable(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(status -> { }));
        assertThat(DatabaseFailures.classify(viaSpring)).isEqualTo(DatabaseFailure.UNAVAILABLE);
    }

    @Test
    void somethingElseIsNone() {
        assertThat(DatabaseFailures.classify(new IllegalStateException("a bug", new OutOfMemoryError())))
                .isEqualTo(DatabaseFailure.NONE);
        assertThat(DatabaseFailures.classify(null)).isEqualTo(DatabaseFailure.NONE);
    }

    private static Connection connect(TestDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
