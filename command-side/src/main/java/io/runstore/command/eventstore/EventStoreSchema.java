package io.runstore.command.eventstore;

import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;

import javax.sql.DataSource;

/** Brings the event-store tables of a database up to date (Flyway, history in {@code flyway_history_eventstore}). */
public final class EventStoreSchema {

    private EventStoreSchema() {
    }

    public static void migrate(DataSource dataSource, SQLDialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .table("flyway_history_eventstore")
                .locations(EventStoreDialect.of(dialect).migrationLocations())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
