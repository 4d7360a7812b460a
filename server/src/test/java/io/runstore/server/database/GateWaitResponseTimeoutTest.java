package io.runstore.server.database;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.projections.processing.ProjectionGate;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live projector's wait at the projection gate is not a database that went silent: held by a rebuild's switch for
 * much longer than the response timeout, the gate is passed once released (before, the driver gave the connection up
 * after the response timeout and the batch failed, again and again until the switch ended). Statements after the gate
 * on the same connection are bounded again.
 */
class GateWaitResponseTimeoutTest {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(250);

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aProjectorWaitingAtTheGateLongerThanTheResponseTimeoutPassesOnceReleased(DatabaseKind kind) throws Exception {
        TestDatabase database = TestDatabases.create(kind);
        try (HikariDataSource pool = database.newDataSource(3)) {
            ReadTablesSchema.migrate(pool, database.dialect());
            DSLContext observer = DSL.using(pool, database.dialect());
            try (Connection projector = pool.getConnection()) {
                projector.setAutoCommit(false);
                DSLContext dsl = DSL.using(projector, database.dialect());
                dsl.configuration().set(new DefaultExecuteListenerProvider(new ResponseTimeout(RESPONSE_TIMEOUT)));
                CompletableFuture<Integer> passed;
                try (ProjectionGate.Held gate = ProjectionGate.hold(pool, database.dialect(),
                        RunListProjector.PROCESSING_GROUP)) {
                    passed = CompletableFuture.supplyAsync(() -> {
                        ProjectionGate.pass(dsl, RunListProjector.PROCESSING_GROUP);
                        try {
                            dsl.selectOne().fetch();
                            projector.commit();
                            return projector.getNetworkTimeout();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    while (lockWaits(observer, kind) == 0) {
                        assertThat(passed).as("waits at the gate while it is held").isNotDone();
                        Thread.sleep(20);
                    }
                    // held for many response timeouts after the projector began to wait
                    Thread.sleep(RESPONSE_TIMEOUT.toMillis() * 6);
                    assertThat(passed).as("still waiting at the gate").isNotDone();
                }
                assertThat(passed.get(30, TimeUnit.SECONDS)).as("the statement after the gate is bounded")
                        .isEqualTo((int) RESPONSE_TIMEOUT.toMillis());
            }
        }
    }

    /**
     * Statements of this database waiting for a row lock; on MariaDB the gate's statement still running (its
     * information_schema.innodb_lock_waits did not always list the wait: the test then waited out the lock wait timeout).
     */
    private static int lockWaits(DSLContext dsl, DatabaseKind kind) {
        String sql = kind == DatabaseKind.POSTGRESQL
                ? "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                : "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE()"
                        + " AND INFO LIKE 'select `projection_gate`%lock in share mode'";
        return dsl.fetchOne(sql).get(0, Integer.class);
    }
}
