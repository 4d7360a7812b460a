package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.runstore.eventstore.EventStoreFixture.await;
import static io.runstore.eventstore.EventStoreFixture.event;
import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static io.runstore.eventstore.schema.Tables.EVENT_SEQUENCER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes handed to a unit of work ({@link AppendTransaction}, as the command log does) commit in the group
 * transaction with that unit's events, or not at all: a command whose write fails loses its events, and only its own,
 * while the commands it shared a group with commit. A command without events still gets its writes. Events that
 * committed in a caller's transaction and wait for the sequencer are numbered before the group that follows them.
 * Large commands commit together, in as many transactions as the bounds of events and bytes say (counted), their
 * rows in statements PostgreSQL's bind limit and MariaDB's packet size accept.
 */
abstract class GroupCommitTest {

    private static final Table<?> SIDE = DSL.table(DSL.name("side_write"));
    private static final Field<String> KEY = DSL.field(DSL.name("k"), SQLDataType.VARCHAR(64));

    private EventStoreFixture fixture;
    private JooqEventStorageEngine engine;
    private final CountingTransactionManager groupTransactions = new CountingTransactionManager();

    abstract DatabaseKind databaseKind();

    @BeforeEach
    void setUp() {
        fixture = EventStoreFixture.create(databaseKind(), 20);
        fixture.dsl.createTable(SIDE).column(KEY).primaryKey(KEY).execute();
        engine = fixture.startedGroupCommitEngine();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aWriteHandedToTheUnitOfWorkCommitsWithItsEvents() {
        DefaultUnitOfWork.startAndGet(new GenericMessage<>("command")).execute(() -> {
            AppendTransaction.write(() -> insertSide("first"));
            assertThat(sideKeys()).as("deferred until the events are written").isEmpty();
            engine.appendEvents(event("run-1", 0, new TestEvents.Noted("run-1", "created")));
        });

        assertThat(sideKeys()).containsExactly("first");
        assertThat(fixture.dsl.fetchCount(EVENT_LOG, EVENT_LOG.RUN_ID.eq("run-1"))).isEqualTo(1);
        assertThat(fixture.dsl.fetchValue(DSL.select(EVENT_LOG.POSITION).from(EVENT_LOG))).isEqualTo(1L);
    }

    @Test
    void theGroupTransactionRunsAtReadCommitted() {
        AtomicInteger isolation = new AtomicInteger();
        DefaultUnitOfWork.startAndGet(new GenericMessage<>("command")).execute(() -> {
            AppendTransaction.write(() ->
                    isolation.set(fixture.dsl.connectionResult(Connection::getTransactionIsolation)));
            engine.appendEvents(event("run-1", 0, new TestEvents.Noted("run-1", "created")));
        });

        assertThat(isolation).hasValue(Connection.TRANSACTION_READ_COMMITTED);
    }

    @Test
    void aUnitOfWorkWithoutEventsStillWrites() {
        DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"))
                .execute(() -> AppendTransaction.write(() -> insertSide("alone")));

        assertThat(sideKeys()).containsExactly("alone");
        assertThat(fixture.dsl.fetchCount(EVENT_LOG)).isZero();
    }

    @Test
    void aFailingWriteLosesItsOwnEventsOnly() throws Exception {
        int commands = 8;
        CyclicBarrier together = new CyclicBarrier(commands);
        ConcurrentLinkedQueue<String> committedRuns = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(commands);
        List<Future<?>> running = new ArrayList<>();
        for (int command = 0; command < commands; command++) {
            String run = "run-" + command;
            running.add(pool.submit(() -> {
                together.await(30, TimeUnit.SECONDS);
                try {
                    DefaultUnitOfWork.startAndGet(new GenericMessage<>(run)).execute(() -> {
                        AppendTransaction.write(() -> insertSide("the-same-key"));
                        engine.appendEvents(event(run, 0, new TestEvents.Noted(run, "created")));
                    });
                    committedRuns.add(run);
                } catch (Exception e) {
                    failures.add(e);
                }
                return null;
            }));
        }
        for (Future<?> command : running) {
            command.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(committedRuns).hasSize(1);
        assertThat(failures).hasSize(commands - 1).allSatisfy(failure -> assertThat(failure)
                .isNotInstanceOf(GroupCommitter.EventInsertFailed.class)
                .hasRootCauseInstanceOf(SQLException.class)
                .satisfies(f -> assertThat(((SQLException) rootCause(f)).getSQLState()).as("integrity violation")
                        .startsWith("23")));
        assertThat(sideKeys()).containsExactly("the-same-key");
        assertThat(fixture.dsl.select(EVENT_LOG.RUN_ID).from(EVENT_LOG).fetch(EVENT_LOG.RUN_ID))
                .containsExactlyElementsOf(committedRuns);
        assertThat(fixture.dsl.fetchValue(DSL.select(EVENT_LOG.POSITION).from(EVENT_LOG))).isEqualTo(1L);
    }

    @Test
    void eventsWaitingForTheSequencerAreNumberedBeforeTheGroupThatFollowsThem() {
        JooqEventStorageEngine otherProcess = fixture.manualEngine();
        fixture.transactions.executeWithoutResult(status ->
                otherProcess.appendEvents(event("run-1", 0, new TestEvents.Noted("run-1", "created"))));
        assertThat(fixture.dsl.fetchValue(DSL.select(EVENT_LOG.POSITION).from(EVENT_LOG))).as("not sequenced yet")
                .isNull();

        try (JooqEventStorageEngine groupOnly = fixture.engineBuilder().groupCommit(200)
                .pollInterval(Duration.ofHours(1)).build()) {
            groupOnly.start();
            DefaultUnitOfWork.startAndGet(new GenericMessage<>("command")).execute(() ->
                    groupOnly.appendEvents(event("run-1", 1, new TestEvents.Noted("run-1", "next"))));
            DefaultUnitOfWork.startAndGet(new GenericMessage<>("command")).execute(() ->
                    groupOnly.appendEvents(event("run-1", 2, new TestEvents.Noted("run-1", "last"))));
        }

        assertThat(fixture.dsl.select(EVENT_LOG.SEQUENCE_NUMBER, EVENT_LOG.POSITION).from(EVENT_LOG)
                .orderBy(EVENT_LOG.POSITION).fetch().map(row -> row.value1() + "@" + row.value2()))
                .containsExactly("0@1", "1@2", "2@3");
        assertThat(fixture.dsl.fetchValue(DSL.select(EVENT_SEQUENCER.LAST_POSITION).from(EVENT_SEQUENCER)))
                .isEqualTo(3L);
    }

    @Test
    void eventsNumberedByAWriterThatDoesNotKeepTheSequencerRowAreNotNumberedAgain() {
        DefaultUnitOfWork.startAndGet(new GenericMessage<>("command")).execute(() ->
                engine.appendEvents(event("run-1", 0, new TestEvents.Noted("run-1", "created"))));
        // a server of the version before the sequencer row kept the last position: max(position) + 1, row untouched
        fixture.dsl.insertInto(EVENT_LOG).columns(EVENT_LOG.POSITION, EVENT_LOG.RUN_ID, EVENT_LOG.SEQUENCE_NUMBER,
                        EVENT_LOG.EVENT_ID, EVENT_LOG.PAYLOAD_TYPE, EVENT_LOG.PAYLOAD, EVENT_LOG.METADATA,
                        EVENT_LOG.OCCURRED_AT)
                .values(2L, "run-2", 0L, "event-of-an-older-server", "noted", "{}", "{}", 0L)
                .execute();

        DefaultUnitOfWork.startAndGet(new GenericMessage<>("command")).execute(() ->
                engine.appendEvents(event("run-1", 1, new TestEvents.Noted("run-1", "next"))));
        fixture.transactions.executeWithoutResult(status ->
                engine.appendEvents(event("run-3", 0, new TestEvents.Noted("run-3", "created"))));
        engine.sequencePending();

        assertThat(fixture.dsl.select(EVENT_LOG.RUN_ID, EVENT_LOG.POSITION).from(EVENT_LOG)
                .orderBy(EVENT_LOG.POSITION).fetch().map(row -> row.value1() + "@" + row.value2()))
                .containsExactly("run-1@1", "run-2@2", "run-1@3", "run-3@4");
    }

    @Test
    void anErrorMidGroupFailsThatGroupOnlyAndTheWorkerGoesOn() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Future<?> blocker = pool.submit(() -> command(engine, "run-blocker", () -> {
            writing.countDown();
            await(release);
        }));
        await(writing);
        List<Future<?>> group = new ArrayList<>();
        group.add(pool.submit(() -> command(engine, "run-b", () -> { })));
        group.add(pool.submit(() -> command(engine, "run-c", () -> { })));
        group.add(pool.submit(() -> command(engine, "run-d", () -> {
            throw new OutOfMemoryError("simulated: building a large insert");
        })));
        awaitQueued(engine, 3);
        release.countDown();

        blocker.get(30, TimeUnit.SECONDS);
        for (Future<?> member : group) {
            assertThatThrownBy(() -> member.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(EventStoreUnavailableException.class)
                    .hasMessageContaining("nothing was written")
                    .hasRootCauseInstanceOf(OutOfMemoryError.class);
        }
        command(engine, "run-later", () -> { });
        pool.shutdown();

        assertThat(fixture.dsl.select(EVENT_LOG.RUN_ID).from(EVENT_LOG).orderBy(EVENT_LOG.POSITION)
                .fetch(EVENT_LOG.RUN_ID)).containsExactly("run-blocker", "run-later");
        GroupCommitHealth health = engine.groupCommitHealth().orElseThrow();
        assertThat(health.workerAlive()).isTrue();
        assertThat(health.failedGroups()).isEqualTo(1);
        assertThat(health.lastFailure()).hasValueSatisfying(text -> assertThat(text).contains("OutOfMemoryError"));
    }

    @Test
    void rowsOfTheGroupsCommandsGoInOneStatementPerTable() throws Exception {
        AtomicInteger sideInserts = new AtomicInteger();
        DSLContext counting = DSL.using(fixture.dsl.configuration().derive(new DefaultExecuteListenerProvider(
                new ExecuteListener() {
                    @Override
                    public void executeStart(ExecuteContext context) {
                        String sql = context.sql().toLowerCase();
                        if (sql.startsWith("insert into") && sql.contains("side_write")) {
                            sideInserts.incrementAndGet();
                        }
                    }
                })));
        List<Future<?>> group = behindABlocker(List.of(
                () -> AppendTransaction.insert(counting, SIDE, counting.newRecord(KEY).values("b"), f -> f),
                () -> AppendTransaction.insert(counting, SIDE, counting.newRecord(KEY).values("c"), f -> f),
                () -> AppendTransaction.insert(counting, SIDE, counting.newRecord(KEY).values("d"), f -> f)));

        for (Future<?> member : group) {
            member.get(30, TimeUnit.SECONDS);
        }
        assertThat(sideKeys()).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(sideInserts).as("one statement for the group's three rows").hasValue(1);
        assertThat(fixture.dsl.fetchCount(EVENT_LOG)).isEqualTo(4);
    }

    @Test
    void aRowThatFailsInAGroupFailsItsOwnCommandOnlyAsItsOnFailureSays() throws Exception {
        insertSide("taken");
        List<Future<?>> group = behindABlocker(List.of(
                () -> AppendTransaction.insert(fixture.dsl, SIDE, fixture.dsl.newRecord(KEY).values("b"), f -> f),
                () -> AppendTransaction.insert(fixture.dsl, SIDE, fixture.dsl.newRecord(KEY).values("taken"),
                        failure -> new IllegalStateException("the key was taken", failure)),
                () -> AppendTransaction.insert(fixture.dsl, SIDE, fixture.dsl.newRecord(KEY).values("d"), f -> f)));

        group.get(0).get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> group.get(1).get(30, TimeUnit.SECONDS)).rootCause()
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> group.get(1).get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOf(IllegalStateException.class).hasMessage("the key was taken");
        group.get(2).get(30, TimeUnit.SECONDS);
        assertThat(sideKeys()).containsExactlyInAnyOrder("taken", "b", "d");
        assertThat(fixture.dsl.select(EVENT_LOG.RUN_ID).from(EVENT_LOG).fetch(EVENT_LOG.RUN_ID))
                .containsExactlyInAnyOrder("run-blocker", "run-0", "run-2");
    }

    /**
     * Holds the group-commit worker in a blocker's group while one command per write (runs run-0, run-1, ...) queues
     * up behind it, then lets it go: the commands commit as one group, or fail it.
     */
    private List<Future<?>> behindABlocker(List<Runnable> writes) throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writes.size() + 1);
        Future<?> blocker = pool.submit(() -> command(engine, "run-blocker", () -> {
            writing.countDown();
            await(release);
        }));
        await(writing);
        List<Future<?>> group = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            String run = "run-" + i;
            Runnable write = writes.get(i);
            group.add(pool.submit(() -> DefaultUnitOfWork.startAndGet(new GenericMessage<>(run)).execute(() -> {
                write.run();
                engine.appendEvents(event(run, 0, new TestEvents.Noted(run, "created")));
            })));
        }
        awaitQueued(engine, writes.size());
        release.countDown();
        blocker.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        return group;
    }

    @Test
    void aCommandWaitsForItsGroupOnlyUntilTheLimitAndIsNotWrittenWhenNotTakenByThen() throws Exception {
        JooqEventStorageEngine limited = fixture.engineBuilder().groupCommit(200)
                .groupCommitWaitLimit(Duration.ofMillis(500)).build();
        limited.start();
        try {
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<?> slow = pool.submit(() -> command(limited, "run-slow", () -> {
                writing.countDown();
                await(release);
            }));
            await(writing);
            Future<?> waiting = pool.submit(() -> command(limited, "run-waiting", () -> { }));

            assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(EventStoreUnavailableException.class).hasMessageContaining("nothing was written");
            assertThatThrownBy(() -> slow.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(EventStoreUnavailableException.class).hasMessageContaining("may have been written");
            release.countDown();
            pool.shutdown();
            command(limited, "run-after", () -> { });
        } finally {
            limited.close();
        }

        assertThat(fixture.dsl.select(EVENT_LOG.RUN_ID).from(EVENT_LOG).orderBy(EVENT_LOG.POSITION)
                .fetch(EVENT_LOG.RUN_ID)).containsExactly("run-slow", "run-after");
    }

    @Test
    void eightConcurrentBatchesOfAThousandEventsCommitAsOneGroup() throws Exception {
        // 8,000 rows of 2 KB: 17 MB in one statement is over MariaDB's max_allowed_packet (16 MiB); 88,000 bind values
        // are over PostgreSQL's 65,535 (there jOOQ would inline them all rather than fail)
        List<String> runs = batchesBehindABlocker(fixture.engineBuilder().groupCommit(200), 8, 1000, 2000);

        assertThat(groupTransactions.commits).as("the blocker's group and one group of the eight").hasValue(2);
        assertThat(groupTransactions.rollbacks).hasValue(0);
        assertDenseInOrder(runs, 1000);
    }

    @Test
    void aGroupIsBoundedByEvents() throws Exception {
        List<String> runs = batchesBehindABlocker(fixture.engineBuilder().groupCommit(200)
                .groupCommitBounds(2500, Long.MAX_VALUE), 8, 1000, 10);

        assertThat(groupTransactions.commits).as("the blocker's group and four groups of two").hasValue(5);
        assertThat(groupTransactions.rollbacks).hasValue(0);
        assertDenseInOrder(runs, 1000);
    }

    @Test
    void aGroupIsBoundedByBytes() throws Exception {
        // 100 events of 10,000 characters: about 1 MB a batch
        List<String> runs = batchesBehindABlocker(fixture.engineBuilder().groupCommit(200)
                .groupCommitBounds(10_000, 2_500_000), 8, 100, 10_000);

        assertThat(groupTransactions.commits).as("the blocker's group and four groups of two").hasValue(5);
        assertThat(groupTransactions.rollbacks).hasValue(0);
        assertDenseInOrder(runs, 100);
    }

    /**
     * Holds the group-commit worker in a blocker's group while {@code batches} commands of {@code events} events
     * (payloads of {@code chars} characters) queue up, then lets it go; returns the batches' runs in queue order.
     */
    private List<String> batchesBehindABlocker(JooqEventStorageEngine.Builder builder, int batches, int events,
                                               int chars) throws Exception {
        groupTransactions.setDataSource(fixture.dataSource);
        groupTransactions.afterPropertiesSet();
        JooqEventStorageEngine counted = builder.transactionManager(groupTransactions).build();
        counted.start();
        try {
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(batches + 1);
            Future<?> blocker = pool.submit(() -> command(counted, "run-blocker", () -> {
                writing.countDown();
                await(release);
            }));
            await(writing);
            String note = "x".repeat(chars);
            List<String> runs = new ArrayList<>();
            List<Future<?>> submitted = new ArrayList<>();
            for (int batch = 0; batch < batches; batch++) {
                String run = "run-" + batch;
                runs.add(run);
                List<DomainEventMessage<?>> batchEvents = new ArrayList<>();
                for (int sequence = 0; sequence < events; sequence++) {
                    batchEvents.add(event(run, sequence, new TestEvents.Noted(run, note)));
                }
                submitted.add(pool.submit(() -> DefaultUnitOfWork.startAndGet(new GenericMessage<>(run))
                        .execute(() -> counted.appendEvents(batchEvents))));
                awaitQueued(counted, batch + 1);
            }
            release.countDown();
            blocker.get(60, TimeUnit.SECONDS);
            for (Future<?> batch : submitted) {
                batch.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            return runs;
        } finally {
            counted.close();
        }
    }

    /** The blocker at position 1, then every batch's events in queue order at dense positions. */
    private void assertDenseInOrder(List<String> runs, int events) {
        List<String> expected = new ArrayList<>();
        expected.add("run-blocker@0");
        for (String run : runs) {
            for (int sequence = 0; sequence < events; sequence++) {
                expected.add(run + "@" + sequence);
            }
        }
        var rows = fixture.dsl.select(EVENT_LOG.RUN_ID, EVENT_LOG.SEQUENCE_NUMBER, EVENT_LOG.POSITION)
                .from(EVENT_LOG).orderBy(EVENT_LOG.POSITION).fetch();
        assertThat(rows.map(row -> row.value1() + "@" + row.value2())).containsExactlyElementsOf(expected);
        assertThat(rows.get(rows.size() - 1).value3()).isEqualTo(expected.size());
    }

    /** Counts the transactions the group-commit worker commits and rolls back. */
    private static final class CountingTransactionManager extends DataSourceTransactionManager {

        final AtomicInteger commits = new AtomicInteger();
        final AtomicInteger rollbacks = new AtomicInteger();

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            super.doCommit(status);
            countOnTheWorker(commits);
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            super.doRollback(status);
            countOnTheWorker(rollbacks);
        }

        private static void countOnTheWorker(AtomicInteger counter) {
            if (Thread.currentThread().getName().equals("event-group-commit")) {
                counter.incrementAndGet();
            }
        }
    }

    /** One command: a write that commits with its run's first event, as the command log does. */
    private static void command(JooqEventStorageEngine engine, String run, Runnable write) {
        DefaultUnitOfWork.startAndGet(new GenericMessage<>(run)).execute(() -> {
            AppendTransaction.write(write);
            engine.appendEvents(event(run, 0, new TestEvents.Noted(run, "created")));
        });
    }

    private static void awaitQueued(JooqEventStorageEngine engine, int commands) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (engine.groupCommitHealth().orElseThrow().queued() < commands) {
            assertThat(System.nanoTime()).as("commands queued").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void insertSide(String key) {
        fixture.dsl.insertInto(SIDE).columns(KEY).values(key).execute();
    }

    private List<String> sideKeys() {
        return fixture.dsl.select(KEY).from(SIDE).fetch(KEY);
    }
}
