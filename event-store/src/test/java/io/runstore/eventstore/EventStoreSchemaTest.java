package io.runstore.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The event store's migrations, on a fresh database and on one migrated while its history still held the command log. */
abstract class EventStoreSchemaTest {

    abstract DatabaseKind kind();

    @Test
    void aFreshDatabaseIsMigratedToTheLatestVersion() {
        TestDatabase database = TestDatabases.create(kind());
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            assertThat(EventStoreSchema.flyway(dataSource, database.dialect()).info().pending()).isNotEmpty();

            EventStoreSchema.migrate(dataSource, database.dialect());

            assertThat(EventStoreSchema.flyway(dataSource, database.dialect()).info().pending()).isEmpty();
        }
    }

    /**
     * An index built without blocking appends, in a migration of the event store's schema: on PostgreSQL CREATE INDEX
     * CONCURRENTLY, which waited forever for the transaction that held Flyway's lock (Flyway's default); the lock wait
     * timeout makes such a wait fail instead of hanging the test. On MySQL/MariaDB an in-place build without a lock.
     */
    @Test
    void anIndexMigrationThatDoesNotBlockAppendsCompletes() {
        TestDatabase database = TestDatabases.create(kind());
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            EventStoreSchema.migrate(dataSource, database.dialect());
            String vendor = kind() == DatabaseKind.POSTGRESQL ? "postgresql" : "mysql";
            Flyway schema = EventStoreSchema.flyway(dataSource, database.dialect());
            Flyway withOnlineIndex = Flyway.configure().configuration(schema.getConfiguration())
                    .locations(Stream.concat(Stream.of(EventStoreDialect.of(database.dialect()).migrationLocations()),
                            Stream.of("classpath:db/eventstore-online-index/" + vendor)).toArray(String[]::new))
                    .initSql(kind() == DatabaseKind.POSTGRESQL ? "SET lock_timeout = '30s'"
                            : "SET SESSION lock_wait_timeout = 30")
                    .load();

            assertThat(withOnlineIndex.migrate().migrationsExecuted).isEqualTo(1);

            String valid = kind() == DatabaseKind.POSTGRESQL
                    ? "SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('ix_event_log_online_test') "
                    + "AND indisvalid"
                    : "SELECT count(DISTINCT index_name) FROM information_schema.statistics "
                    + "WHERE table_schema = DATABASE() AND index_name = 'ix_event_log_online_test'";
            assertThat(DSL.using(dataSource, database.dialect()).fetchOne(valid).get(0, Integer.class)).isEqualTo(1);
        }
    }

    /** Until the command log got a history of its own, it was V3 of this one: such a database stays valid. */
    @Test
    void aDatabaseWhoseHistoryHoldsTheCommandLogAsV3IsCurrent() {
        TestDatabase database = TestDatabases.create(kind());
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            String vendor = kind() == DatabaseKind.POSTGRESQL ? "postgresql" : "mysql";
            List<String> locations = Stream.concat(
                    Stream.of(EventStoreDialect.of(database.dialect()).migrationLocations()),
                    Stream.of("classpath:db/eventstore-with-command-log/" + vendor)).toList();
            Flyway.configure().dataSource(dataSource).table("flyway_history_eventstore")
                    .locations(locations.toArray(String[]::new)).load().migrate();

            EventStoreSchema.migrate(dataSource, database.dialect());

            Flyway flyway = EventStoreSchema.flyway(dataSource, database.dialect());
            assertThat(flyway.info().pending()).isEmpty();
            assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        }
    }
}
