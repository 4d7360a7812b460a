package io.runstore.eventstore;

import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;

import javax.sql.DataSource;
import java.util.Map;

/**
 * The event-store tables of a database (Flyway, history in {@code flyway_history_eventstore}): brought up to date by
 * the role that owns them, checked by the roles that only read them.
 * <p>
 * Version 3 was the command side's {@code command_log}, which now has a history of its own: a database migrated
 * before keeps V3 in this history, which is ignored; new event-store migrations are numbered from 4.
 * <p>
 * On PostgreSQL, Flyway holds its lock as a session advisory lock, not in a transaction of its own
 * ({@code postgresql.transactional.lock=false}): {@code CREATE INDEX CONCURRENTLY} waits for every older transaction,
 * Flyway's lock-holding one included, and would wait forever. So a migration can index {@code event_log} without
 * blocking appends: a script of its own, {@code CREATE INDEX CONCURRENTLY} on PostgreSQL, {@code ALGORITHM=INPLACE
 * LOCK=NONE} on MySQL/MariaDB (docs/architecture.md, "Index migrations on large tables").
 */
public final class EventStoreSchema {

    /** Flyway's PostgreSQL setting: its lock in a transaction of its own (true, the default) or in the session. */
    static final String POSTGRESQL_TRANSACTIONAL_LOCK = "flyway.postgresql.transactional.lock";

    private EventStoreSchema() {
    }

    public static void migrate(DataSource dataSource, SQLDialect dialect) {
        flyway(dataSource, dialect).migrate();
    }

    /** The schema's migrations, ready to migrate, or to tell how far the database is ({@code info()}). */
    public static Flyway flyway(DataSource dataSource, SQLDialect dialect) {
        return Flyway.configure()
                .configuration(Map.of(POSTGRESQL_TRANSACTIONAL_LOCK, "false"))
                .dataSource(dataSource)
                .table("flyway_history_eventstore")
                .locations(EventStoreDialect.of(dialect).migrationLocations())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .ignoreMigrationPatterns("*:future", "versioned:missing")
                .load();
    }
}
