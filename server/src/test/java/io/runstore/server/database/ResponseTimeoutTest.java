package io.runstore.server.database;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads, writes and session settings wait for the database's answer at most the response timeout; schema changes on
 * the same connection right after a read wait as long as they take; the pool hands the connection back with its own
 * timeout.
 */
class ResponseTimeoutTest {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void readsAndWritesAreBoundedAndDdlIsNot(DatabaseKind kind) throws Exception {
        TestDatabase database = TestDatabases.create(kind);
        try (HikariDataSource pool = database.newDataSource(1)) {
            try (Connection connection = pool.getConnection()) {
                DSLContext dsl = DSL.using(connection, database.dialect());
                dsl.configuration().set(new DefaultExecuteListenerProvider(
                        new ResponseTimeout(Duration.ofMillis(3_500))));

                dsl.execute("create table response_timeout_probe (id int)");
                assertThat(connection.getNetworkTimeout()).as("after DDL").isZero();
                dsl.selectOne().fetch();
                assertThat(connection.getNetworkTimeout()).as("after a read").isEqualTo(3_500);
                dsl.insertInto(DSL.table("response_timeout_probe")).values(1).execute();
                assertThat(connection.getNetworkTimeout()).as("after a write").isEqualTo(3_500);
                dsl.execute("create index response_timeout_probe_id on response_timeout_probe (id)");
                assertThat(connection.getNetworkTimeout()).as("after DDL that followed a read").isZero();
                dsl.execute(kind == DatabaseKind.POSTGRESQL ? "set enable_sort = on" : "set @probe = 1");
                assertThat(connection.getNetworkTimeout()).as("after a SET").isEqualTo(3_500);
                dsl.execute("drop table response_timeout_probe");
                assertThat(connection.getNetworkTimeout()).as("after DROP").isZero();
            }
            try (Connection again = pool.getConnection()) {
                dsl(again, database).selectOne().fetch();
                assertThat(again.getNetworkTimeout()).as("the pool's own timeout, once handed back").isZero();
            }
        }
    }

    private static DSLContext dsl(Connection connection, TestDatabase database) {
        return DSL.using(connection, database.dialect());
    }
}
