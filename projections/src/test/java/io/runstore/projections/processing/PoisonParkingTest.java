package io.runstore.projections.processing;

import io.runstore.database.DatabaseFailures;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskState;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.fold.RunCountKey;
import io.runstore.projections.write.ReadTables;
import io.runstore.testsupport.DatabaseKind;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;
import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A poison event costs the other segments nothing but the one attempt of its batch: the projector parks it at once,
 * with no pause and no second try inside its transaction, whose locks (on InnoDB even those of a statement rolled
 * back to a savepoint) another segment may be waiting for.
 *
 * <p>How the other segment's lock wait is measured: the projector's transaction holds a {@code run_counts} row (its
 * counters were written earlier in it). Another segment, on a connection of its own, then adds to the same counter,
 * which it can only do once that transaction has ended; only after it has started does the projector apply the batch
 * with the poison event. Every statement and savepoint of the projector is recorded at the JDBC level, in one
 * sequence with the other segment's start and end, so the other segment's wait is measured in what the projector did
 * meanwhile: statements and attempts, counted, no clock. Run once per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PoisonParkingTest {

    private static final Pattern COUNTER_WRITE = Pattern.compile(
            "(?is)^\\s*insert\\s+into\\s+([`\"]?\\w+[`\"]?\\.)?[`\"]?run_counts[`\"]?\\s.*");

    private final StatementLog log = new StatementLog();
    private final ReadTablesFixture fixture;
    private final BatchProjector projector = new BatchProjector();
    private final RunEvents.Log positions = new RunEvents.Log();

    PoisonParkingTest(DatabaseKind kind) {
        fixture = new ReadTablesFixture(kind, log::wrap);
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    /** Session settings a test changed leave the pool with the connections that had them. */
    @AfterEach
    void forgetSessionSettings() {
        fixture.dataSource.getHikariPoolMXBean().softEvictConnections();
    }

    @Test
    void aPoisonEventIsParkedInOneAttemptWhileAnotherSegmentWaits() throws Exception {
        String ns = newNamespace();
        RunEvents earlier = newRun();
        RunEvents poisoned = newRun();
        RunCountKey pending = new RunCountKey(ns, "exp-1", "AVAILABLE", "PENDING");

        Wait wait = duringBatch(List.of(earlier.created(ns, "exp-1", "earlier")), pending, List.of(
                poisoned.created(ns, "exp-1", "poisoned"),
                poisoned.taskState("no-such-task", TaskState.SUCCEEDED),
                poisoned.state(RuntimeState.RUNNING)));

        assertThat(wait.projectorDid()).as("the batch is tried once").containsOnlyOnce(StatementLog.SAVEPOINT)
                .doesNotContain(StatementLog.ROLLBACK_TO_SAVEPOINT);
        assertThat(wait.projectorDid()).last().isEqualTo(StatementLog.COMMIT);
        assertThat(deadLetters(poisoned.runId)).containsExactly(1L, 2L);
        assertThat(fixture.dsl.fetchOne(RUN_LIST, RUN_LIST.RUN_ID.eq(poisoned.runId)).getVersion()).isZero();
        // the earlier run, the poisoned run's creation and the other segment's own
        assertThat(count(pending)).isEqualTo(3);
    }

    @Test
    void aBatchTheDatabaseRejectsIsTriedOnceThenEachRunOnceAndTheCountersWrittenOnceInKeyOrder() throws Exception {
        String ns = newNamespace();
        RunEvents earlier = newRun();
        RunEvents second = newRun();
        RunEvents rejected = newRun();
        RunEvents first = newRun();
        RunCountKey pending = new RunCountKey(ns, "exp-1", "AVAILABLE", "PENDING");

        // the runs in the batch's order move the counters of exp-2, then of exp-1: written run by run, the rows of
        // exp-2 would be locked before those of exp-1, against the order of every whole batch
        Wait wait = duringBatch(List.of(earlier.created(ns, "exp-1", "earlier")), pending, List.of(
                second.created(ns, "exp-2", "second"),
                rejected.created(ns, "exp-1", "x".repeat(300)),
                first.created(ns, "exp-1", "first")));

        assertThat(wait.projectorDid().stream().filter(StatementLog.SAVEPOINT::equals))
                .as("the batch once, then each of its three runs once").hasSize(4);
        assertThat(wait.projectorDid().stream().filter(statement -> COUNTER_WRITE.matcher(statement).matches()))
                .as("run_counts written once, for the runs that were written").hasSize(1);
        assertThat(deadLetters(rejected.runId)).containsExactly(0L);
        assertThat(count(pending)).isEqualTo(3);
        assertThat(count(new RunCountKey(ns, "exp-2", "AVAILABLE", "PENDING"))).isEqualTo(1);
    }

    @Test
    void aTransientFailureGoesBackToTheProcessorWithNothingParked() throws Exception {
        String ns = newNamespace();
        RunEvents run = newRun();
        RunCountKey pending = new RunCountKey(ns, "exp-1", "AVAILABLE", "PENDING");
        int from = log.mark("start");

        try (Connection otherSegment = fixture.dataSource.getConnection()) {
            otherSegment.setAutoCommit(false);
            ReadTables.writeCounts(DSL.using(otherSegment, fixture.database.dialect()), Map.of(pending, 1L));
            assertThatThrownBy(() -> fixture.transactions.executeWithoutResult(status -> {
                giveUpLockWaitsAtOnce(fixture.dsl);
                projector.apply(fixture.dsl, List.of(run.created(ns, "exp-1", "waits")));
            })).satisfies(failure -> assertThat(DatabaseFailures.isTransient(failure)).isTrue());
            otherSegment.rollback();
        }

        assertThat(log.between(from, log.mark("end"))).containsOnlyOnce(StatementLog.SAVEPOINT)
                .doesNotContain(StatementLog.COMMIT);
        assertThat(deadLetters(run.runId)).isEmpty();
        assertThat(fixture.dsl.fetchCount(RUN_LIST, RUN_LIST.RUN_ID.eq(run.runId))).isZero();
    }

    /** What the projector did while the other segment waited, from the other segment's start to its end. */
    private record Wait(List<String> projectorDid) {
    }

    /**
     * In one transaction: applies {@code before} (its counters, {@code held} among them, stay locked until the
     * commit), starts another segment that adds to {@code held}, and once it has started applies {@code batch}.
     */
    private Wait duringBatch(List<ProjectedEvent> before, RunCountKey held, List<ProjectedEvent> batch)
            throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        int[] window = new int[2];
        CompletableFuture<Void> otherSegment = new CompletableFuture<>();
        fixture.transactions.executeWithoutResult(status -> {
            projector.apply(fixture.dsl, before);
            new Thread(() -> {
                try (Connection connection = fixture.dataSource.getConnection()) {
                    boundLockWaits(connection, fixture.database.dialect());
                    window[0] = log.mark("other segment starts");
                    started.countDown();
                    ReadTables.writeCounts(DSL.using(connection, fixture.database.dialect()), Map.of(held, 1L));
                    window[1] = log.mark("other segment ends");
                    otherSegment.complete(null);
                } catch (Throwable e) {
                    started.countDown();
                    otherSegment.completeExceptionally(e);
                }
            }, "other-segment").start();
            await(started);
            projector.apply(fixture.dsl, batch);
        });
        otherSegment.get(60, TimeUnit.SECONDS);
        List<String> during = log.between(window[0] + 1, window[1]);
        // the other segment could only end after the commit: it waited through all the projector did meanwhile
        assertThat(log.indexOf(StatementLog.COMMIT, window[0])).isBetween(window[0], window[1]);
        return new Wait(during);
    }

    /** The other segment gives up a lock wait after 30 s, not InnoDB's 50 s: a broken test fails, never hangs. */
    private static void boundLockWaits(Connection connection, SQLDialect dialect) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(dialect.family() == SQLDialect.POSTGRES ? "SET lock_timeout = '30s'"
                    : "SET SESSION innodb_lock_wait_timeout = 30");
        }
    }

    /** The projector's transaction gives up a lock wait at once: a lock wait timeout, a transient failure. */
    private static void giveUpLockWaitsAtOnce(DSLContext dsl) {
        if (dsl.dialect().family() == SQLDialect.POSTGRES) {
            dsl.execute("SET LOCAL lock_timeout = '1ms'");
        } else {
            dsl.execute("SET SESSION innodb_lock_wait_timeout = 1");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<Long> deadLetters(String runId) {
        return fixture.dsl.select(PROJECTION_DEAD_LETTER.SEQUENCE_NUMBER).from(PROJECTION_DEAD_LETTER)
                .where(PROJECTION_DEAD_LETTER.RUN_ID.eq(runId)).orderBy(PROJECTION_DEAD_LETTER.SEQUENCE_NUMBER)
                .fetch(PROJECTION_DEAD_LETTER.SEQUENCE_NUMBER);
    }

    private long count(RunCountKey key) {
        return fixture.dsl.select(RUN_COUNTS.RUN_COUNT).from(RUN_COUNTS).where(RUN_COUNTS.NAMESPACE.eq(key.namespace()))
                .and(RUN_COUNTS.EXPERIMENT_ID.eq(key.experimentId())).and(RUN_COUNTS.STORAGE_STATE.eq(
                        key.storageState())).and(RUN_COUNTS.STATE.eq(key.state())).fetchSingle().value1();
    }

    private RunEvents newRun() {
        return new RunEvents("run-" + UUID.randomUUID(), positions);
    }

    private static String newNamespace() {
        return "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
