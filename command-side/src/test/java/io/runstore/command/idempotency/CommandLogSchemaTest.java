package io.runstore.command.idempotency;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import static io.runstore.command.schema.Tables.COMMAND_LOG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command log's own migrations: they create the table on a fresh database, and keep the one (and its rows) that
 * the event store's migrations created before the command log had a history of its own.
 */
abstract class CommandLogSchemaTest {

    abstract DatabaseKind kind();

    @Test
    void aFreshDatabaseGetsTheTable() {
        TestDatabase database = TestDatabases.create(kind());
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            CommandLogSchema.migrate(dataSource, database.dialect());

            assertThat(DSL.using(dataSource, database.dialect()).fetchCount(COMMAND_LOG)).isZero();
            assertThat(CommandLogSchema.flyway(dataSource, database.dialect()).info().pending()).isEmpty();
        }
    }

    @Test
    void aTableTheEventStoreCreatedIsKeptWithItsRows() {
        TestDatabase database = TestDatabases.create(kind());
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            DSLContext dsl = DSL.using(dataSource, database.dialect());
            dsl.createTable(COMMAND_LOG).columns(COMMAND_LOG.fields()).primaryKey(COMMAND_LOG.COMMAND_ID).execute();
            dsl.insertInto(COMMAND_LOG).set(COMMAND_LOG.COMMAND_ID, "key-1")
                    .set(COMMAND_LOG.REQUEST_FINGERPRINT, "f".repeat(64)).set(COMMAND_LOG.RESULT_TYPE, "t")
                    .set(COMMAND_LOG.RESULT, "{}").set(COMMAND_LOG.RECORDED_AT, 1L).execute();

            CommandLogSchema.migrate(dataSource, database.dialect());

            assertThat(dsl.fetchCount(COMMAND_LOG)).isEqualTo(1);
            assertThat(CommandLogSchema.flyway(dataSource, database.dialect()).info().pending()).isEmpty();
        }
    }
}
