package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.runstore.eventstore.EventStoreFixture.event;
import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sequencer's idle poll (a look for unsequenced events nobody signalled, which on PostgreSQL walks the dead entries
 * of ix_event_log_unsequenced until VACUUM) backs off while it finds nothing, and a process that never appends can turn
 * it off, yet events it was not told about are still numbered, and its own appends always. Statements are counted by
 * the thread that runs them. Run once per database.
 */
abstract class SequencerPollingTest {

    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration IDLE_LIMIT = Duration.ofMillis(400);

    private EventStoreFixture fixture;
    private final AtomicInteger sequencerStatements = new AtomicInteger();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private DSLContext watched;

    abstract DatabaseKind databaseKind();

    @BeforeEach
    void setUp() {
        fixture = EventStoreFixture.create(databaseKind(), 4);
        watched = DSL.using(fixture.dsl.configuration().derive(new DefaultExecuteListenerProvider(
                new ExecuteListener() {
                    @Override
                    public void executeStart(ExecuteContext context) {
                        if (!Thread.currentThread().getName().equals("event-sequencer")) {
                            return;
                        }
                        sequencerStatements.incrementAndGet();
                        if (failuresToInject.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                            throw new TransientDataAccessResourceException("injected: the database is away");
                        }
                    }
                })));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Without the back-off: one look every 10 ms, about 200 in two seconds. */
    @Test
    void anIdleSequencerLooksLessAndLessOften() throws InterruptedException {
        JooqEventStorageEngine engine = engine(true);
        engine.start();

        Thread.sleep(2_000);

        // 10, 20, 40, 80, 160, 320 ms, then every 400 ms: about 10 looks
        assertThat(sequencerStatements.get()).as("statements of the idle sequencer in 2 s").isBetween(3, 25);
    }

    @Test
    void eventsNobodySignalledAreNumberedWhileItBacksOff() throws InterruptedException {
        JooqEventStorageEngine engine = engine(true);
        engine.start();
        Thread.sleep(1_000);

        insertUnsequenced("left-behind", 3);

        await().atMost(Duration.ofSeconds(10)).until(() -> unsequenced() == 0);
        assertThat(positions()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aSequencerThatDoesNotPollRunsNothingIdleYetNumbersItsOwnAppendsAndWhatWaitsBeforeThem()
            throws InterruptedException {
        JooqEventStorageEngine engine = engine(false);
        engine.start();
        insertUnsequenced("left-behind", 2);

        Thread.sleep(1_000);
        assertThat(sequencerStatements.get()).as("statements of the idle sequencer in 1 s").isZero();
        assertThat(unsequenced()).as("not told about, not looked for").isEqualTo(2);

        fixture.transactions.executeWithoutResult(status -> engine.appendEvents(
                event("own", 0, new TestEvents.Noted("own", "appended"))));

        await().atMost(Duration.ofSeconds(10)).until(() -> unsequenced() == 0);
        assertThat(positions()).containsExactly(1L, 2L, 3L);
    }

    /** Without a retry, a signalled pass that failed waited for the next local commit, which may never come. */
    @Test
    void aSequencerThatDoesNotPollRetriesAFailedPass() {
        JooqEventStorageEngine engine = engine(false);
        engine.start();
        failuresToInject.set(1);

        fixture.transactions.executeWithoutResult(status -> engine.appendEvents(
                event("own", 0, new TestEvents.Noted("own", "appended"))));

        await().atMost(Duration.ofSeconds(10)).until(() -> unsequenced() == 0);
        assertThat(failuresToInject).as("the injected failure happened").hasValue(0);
        assertThat(positions()).containsExactly(1L);
    }

    private JooqEventStorageEngine engine(boolean polls) {
        JooqEventStorageEngine engine = JooqEventStorageEngine.builder()
                .dsl(watched)
                .transactionManager(fixture.transactionManager)
                .eventSerializer(fixture.serializer)
                .snapshotSerializer(fixture.serializer)
                .pollInterval(POLL)
                .sequencerIdlePollLimit(IDLE_LIMIT)
                .sequencerPolls(polls)
                .build();
        fixture.closeWithFixture(engine);
        return engine;
    }

    /** Rows as an engine appends them in a transaction whose process stopped before its sequencer numbered them. */
    private void insertUnsequenced(String runId, int count) {
        for (int i = 0; i < count; i++) {
            fixture.dsl.insertInto(EVENT_LOG, EVENT_LOG.RUN_ID, EVENT_LOG.SEQUENCE_NUMBER, EVENT_LOG.EVENT_ID,
                            EVENT_LOG.AGGREGATE_TYPE, EVENT_LOG.PAYLOAD_TYPE, EVENT_LOG.PAYLOAD, EVENT_LOG.METADATA,
                            EVENT_LOG.OCCURRED_AT)
                    .values(runId, (long) i, runId + "-" + i, "Run", TestEvents.Noted.class.getName(),
                            "{\"runId\": \"" + runId + "\", \"note\": \"n\"}", "{}", 1_000_000L + i)
                    .execute();
        }
    }

    private int unsequenced() {
        return fixture.dsl.fetchCount(EVENT_LOG, EVENT_LOG.POSITION.isNull());
    }

    private List<Long> positions() {
        return fixture.dsl.select(EVENT_LOG.POSITION).from(EVENT_LOG).orderBy(EVENT_LOG.ID).fetch(EVENT_LOG.POSITION);
    }
}
