package io.runstore.eventstore;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Update;
import org.jooq.impl.DSL;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static io.runstore.eventstore.schema.Tables.EVENT_SEQUENCER;

/**
 * What the event store does differently per database, beyond what jOOQ renders: where its vendor-only migrations
 * live, how an UPDATE hands back the value it wrote (MySQL has no {@code UPDATE ... RETURNING}), and how large one
 * statement may be. Everything else
 * (tables, queries, locks, isolation) is the same on both.
 */
public enum EventStoreDialect {

    POSTGRESQL("postgresql") {
        @Override
        OptionalLong reservePositions(DSLContext dsl, int count) {
            return dsl.update(EVENT_SEQUENCER)
                    .set(EVENT_SEQUENCER.LAST_POSITION, lastPositionGiven().plus(count))
                    .where(reservable())
                    .returningResult(EVENT_SEQUENCER.LAST_POSITION)
                    .fetchOptional()
                    .map(row -> OptionalLong.of(row.value1()))
                    .orElse(OptionalLong.empty());
        }

        @Override
        long statementBytesLimit(DSLContext dsl, long configured) {
            return configured;
        }
    },
    MYSQL("mysql") {
        /**
         * {@code LAST_INSERT_ID(expr)} stores the new value in the session, and the server's reply to the UPDATE
         * carries it, where the driver reads it as the generated key: no second query.
         */
        @Override
        OptionalLong reservePositions(DSLContext dsl, int count) {
            Update<?> reserve = dsl.update(EVENT_SEQUENCER)
                    .set(EVENT_SEQUENCER.LAST_POSITION, DSL.field("last_insert_id({0})", Long.class,
                            lastPositionGiven().plus(DSL.inline(count))))
                    .where(reservable());
            String sql = dsl.renderInlined(reserve);
            return dsl.connectionResult(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                    if (statement.executeUpdate() == 0) {
                        return OptionalLong.empty();
                    }
                    try (ResultSet keys = statement.getGeneratedKeys()) {
                        if (!keys.next()) {
                            throw new SQLException("The server did not return the reserved position");
                        }
                        return OptionalLong.of(keys.getLong(1));
                    }
                }
            });
        }

        /**
         * The driver sends a prepared statement with its values inlined, as one query of at most the server's
         * {@code max_allowed_packet}: a quarter of it leaves room for escapes and multi-byte characters.
         */
        @Override
        long statementBytesLimit(DSLContext dsl, long configured) {
            long packet = dsl.fetchValue(DSL.field("@@max_allowed_packet", Long.class));
            return Math.max(1, Math.min(configured, packet / 4));
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

    /**
     * Takes the {@code event_sequencer} lock and the next {@code count} positions in one statement, unless committed
     * events wait for the sequencer (they must be numbered first, under the lock: see {@link GroupCommitter}).
     *
     * @return the last of the reserved positions, or empty if nothing was reserved (nor locked) because events wait
     */
    abstract OptionalLong reservePositions(DSLContext dsl, int count);

    /**
     * The most bytes of event rows one insert statement may carry: {@code configured}, or less where the database
     * limits a statement's size.
     */
    abstract long statementBytesLimit(DSLContext dsl, long configured);

    /**
     * The last position given: the sequencer row's, or the highest in the log if a writer that does not keep the row
     * (a server of a version before it did, during a rolling upgrade) numbered events since. One index lookup.
     */
    static Field<Long> lastPositionGiven() {
        return DSL.greatest(EVENT_SEQUENCER.LAST_POSITION,
                DSL.field(DSL.select(DSL.coalesce(DSL.max(EVENT_LOG.POSITION), 0L)).from(EVENT_LOG)));
    }

    private static Condition reservable() {
        return EVENT_SEQUENCER.ID.eq(1)
                .andNotExists(DSL.selectOne().from(EVENT_LOG).where(EVENT_LOG.POSITION.isNull()));
    }
}
