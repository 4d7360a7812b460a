package io.runstore.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
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
