package io.runstore.projections.processing;

import io.runstore.database.LockWait;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

import static io.runstore.readtables.schema.Tables.PROJECTION_GATE;

/**
 * A gate the live projector passes at the start of every batch (its row of {@code projection_gate} FOR SHARE, in the
 * batch's transaction, before it touches a read table or its token). Whoever {@link #hold holds} the gate (FOR UPDATE
 * on its own connection) has waited for every batch in flight to commit and keeps new ones waiting at the gate, with
 * no read-table lock taken: the switch of a rebuild holds it while it finishes the shadow tables and swaps them, on
 * PostgreSQL and MySQL/MariaDB alike, in this process or another.
 */
public final class ProjectionGate {

    private ProjectionGate() {
    }

    /**
     * Passes the gate of {@code projection} in the caller's transaction: waits while someone holds it, as long as they
     * hold it (the statement is a {@link LockWait}).
     */
    public static void pass(DSLContext dsl, String projection) {
        Configuration waiting = dsl.configuration().derive();
        waiting.data(LockWait.DATA_KEY, Boolean.TRUE);
        waiting.dsl().select(PROJECTION_GATE.PROJECTION).from(PROJECTION_GATE)
                .where(PROJECTION_GATE.PROJECTION.eq(projection)).forShare().fetch();
    }

    /** Holds the gate until closed: returns once every batch that had passed it has committed. */
    public static Held hold(DataSource dataSource, SQLDialect dialect, String projection) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            int rows = DSL.using(connection, dialect).selectFrom(PROJECTION_GATE)
                    .where(PROJECTION_GATE.PROJECTION.eq(projection)).forUpdate().fetch().size();
            if (rows != 1) {
                throw new IllegalStateException("projection_gate has no row for " + projection);
            }
            return new Held(connection);
        } catch (SQLException | RuntimeException e) {
            if (connection != null) {
                Held.release(connection);
            }
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("cannot hold the projection gate: " + e.getMessage(), e);
        }
    }

    /** The gate held on its own connection; closing it lets the projector go on. */
    public static final class Held implements AutoCloseable {

        private final Connection connection;

        private Held(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            release(connection);
        }

        /** Ends the connection's transaction (and the locks it holds) and closes it. */
        public static void release(Connection connection) {
            try (connection) {
                connection.rollback();
            } catch (SQLException e) {
                // closing the connection ends its transaction and the lock with it
            }
        }
    }
}
