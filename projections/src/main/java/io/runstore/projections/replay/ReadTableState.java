package io.runstore.projections.replay;

import io.runstore.projections.processing.ProjectionGate;
import io.runstore.readtables.EpochMicros;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.runstore.readtables.schema.Tables.READ_TABLE_STATE;

/**
 * The rows of {@code read_table_state}: whether a read table a later version added is {@link State#READY} to be read
 * or still {@link State#BACKFILLING}. A table without a row is ready.
 */
public final class ReadTableState {

    public enum State { BACKFILLING, READY }

    private ReadTableState() {
    }

    /** Every table with a row, by name. */
    public static Map<String, State> all(DSLContext dsl) {
        Map<String, State> states = new LinkedHashMap<>();
        dsl.selectFrom(READ_TABLE_STATE).orderBy(READ_TABLE_STATE.TABLE_NAME)
                .forEach(row -> states.put(row.getTableName(), State.valueOf(row.getState())));
        return states;
    }

    public static State of(DSLContext dsl, String table) {
        return dsl.select(READ_TABLE_STATE.STATE).from(READ_TABLE_STATE).where(READ_TABLE_STATE.TABLE_NAME.eq(table))
                .fetchOptional(READ_TABLE_STATE.STATE).map(State::valueOf).orElse(State.READY);
    }

    /** Sets the table's state (a row is added when it has none). */
    public static void set(DSLContext dsl, String table, State state) {
        long now = EpochMicros.of(Instant.now());
        dsl.insertInto(READ_TABLE_STATE, READ_TABLE_STATE.TABLE_NAME, READ_TABLE_STATE.STATE,
                        READ_TABLE_STATE.UPDATED_AT).values(table, state.name(), now)
                .onDuplicateKeyUpdate().set(READ_TABLE_STATE.STATE, state.name())
                .set(READ_TABLE_STATE.UPDATED_AT, now).execute();
    }

    /**
     * Takes the table's row FOR UPDATE on a connection of its own, skipping it when another process holds it: the one
     * process that backfills the table holds it until the table is ready (readers do not lock and are not held).
     *
     * @return the claim, or empty when another process holds the row or the table has none
     */
    public static Optional<Claim> claim(DataSource dataSource, SQLDialect dialect, String table) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            Optional<State> state = DSL.using(connection, dialect).select(READ_TABLE_STATE.STATE)
                    .from(READ_TABLE_STATE).where(READ_TABLE_STATE.TABLE_NAME.eq(table)).forUpdate().skipLocked()
                    .fetchOptional(READ_TABLE_STATE.STATE).map(State::valueOf);
            if (state.isEmpty()) {
                ProjectionGate.Held.release(connection);
                return Optional.empty();
            }
            return Optional.of(new Claim(connection, dialect, table, state.get()));
        } catch (SQLException | RuntimeException e) {
            if (connection != null) {
                ProjectionGate.Held.release(connection);
            }
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("cannot claim read table " + table + ": " + e.getMessage(), e);
        }
    }

    /** A table's row held; {@link #ready} commits the table's readiness, closing gives it up. */
    public static final class Claim implements AutoCloseable {

        private final Connection connection;
        private final SQLDialect dialect;
        private final String table;
        private final State state;

        private Claim(Connection connection, SQLDialect dialect, String table, State state) {
            this.connection = connection;
            this.dialect = dialect;
            this.table = table;
            this.state = state;
        }

        /** The state when claimed. */
        public State state() {
            return state;
        }

        /** Marks the table ready and forgets the replays named, in one transaction on the claim's connection. */
        public void ready(Collection<String> finishedReplays) {
            DSLContext dsl = DSL.using(connection, dialect);
            set(dsl, table, State.READY);
            finishedReplays.forEach(name -> ReplayState.finish(dsl, name));
            try {
                connection.commit();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot mark read table " + table + " ready: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            ProjectionGate.Held.release(connection);
        }
    }
}
