package io.runstore.command.eventstore;

import org.jooq.SQLDialect;

import java.sql.SQLException;

/**
 * What the event store does differently per database, beyond what jOOQ renders: where its vendor-only migrations
 * live and how the database reports a duplicate key (a lost race on a run's sequence number, or an event id written
 * twice). Everything else (tables, queries, locks, isolation) is the same on both.
 */
public enum EventStoreDialect {

    POSTGRESQL("postgresql") {
        @Override
        boolean isDuplicateKey(SQLException e) {
            return "23505".equals(e.getSQLState());
        }
    },
    MYSQL("mysql") {
        @Override
        boolean isDuplicateKey(SQLException e) {
            return e.getErrorCode() == 1062;
        }
    };

    private final String migrationFolder;

    EventStoreDialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    public static EventStoreDialect of(SQLDialect dialect) {
        return switch (dialect.family()) {
            case POSTGRES -> POSTGRESQL;
            case MYSQL, MARIADB -> MYSQL;
            default -> throw new IllegalArgumentException("The event store runs on PostgreSQL and MySQL/MariaDB, not "
                    + dialect);
        };
    }

    /** The Flyway locations of the event-store schema: portable scripts, then this database's own. */
    public String[] migrationLocations() {
        return new String[]{"classpath:db/eventstore/common", "classpath:db/eventstore/" + migrationFolder};
    }

    /** Whether a failure anywhere in this cause chain is a unique-key violation. */
    public boolean isDuplicateKeyViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && isDuplicateKey(sql)) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }

    abstract boolean isDuplicateKey(SQLException e);
}
