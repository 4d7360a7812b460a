package io.runstore.eventstore;

import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;

import javax.sql.DataSource;

/**
 * The event-store tables of a database (Flyway, history in {@code flyway_history_eventstore}): brought up to date by
 * the role that owns them, checked by the roles that only read them.
 * <p>
 * Version 3 was the command side's {@code command_log}, which now has a history of its own: a database migrated
 * before keeps V3 in this history, which is ignored; new event-store migrations are numbered from 4.
 */
public final class EventStoreSchema {

    private EventStoreSchema() {
    }

    public static void migrate(DataSource dataSource, SQLDialect dialect) {
        flyway(dataSource, dialect).migrate();
    }

    /** The schema's migrations, ready to migrate, or to tell how far the database is ({@code info()}). */
    public static Flyway flyway(DataSource dataSource, SQLDialect dialect) {
        return Flyway.configure()
                .dataSource(dataSource)
                .table("flyway_history_eventstore")
                .locations(EventStoreDialect.of(dialect).migrationLocations())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .ignoreMigrationPatterns("*:future", "versioned:missing")
                .load();
    }
}
