package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep10;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static io.runstore.eventstore.schema.Tables.EVENT_SEQUENCER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sequencing pass reads the rows it numbers, not the backlog: with 10,000 events sequenced and 10,000 waiting behind
 * them, a pass of 100 reads a few hundred rows of {@code event_log}, counted by the database itself (PostgreSQL's
 * {@code pg_stat_xact_user_tables}, MySQL/MariaDB's {@code Handler_read_%} of the session), where reading the backlog
 * in {@code id} order, or the sequenced rows before it, is tens of thousands (a pass over a backlog of millions took
 * seconds: 233 positions/s at 4.5 million waiting). And closing the engine stops its sequencer between two passes of
 * such a catch-up. Run once per database.
 */
abstract class SequencerBacklogTest {

    private static final int SEQUENCED = 10_000;
    private static final int WAITING = 10_000;
    private static final int PASS = 100;
    private static final String PAYLOAD = "{\"runId\": \"r\", \"note\": \"" + "x".repeat(300) + "\"}";

    private EventStoreFixture fixture;

    abstract DatabaseKind databaseKind();

    @BeforeEach
    void setUp() {
        fixture = EventStoreFixture.create(databaseKind(), 4);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aPassOverALargeBacklogReadsAboutTheRowsItNumbers() {
        insertUnsequenced(0, SEQUENCED);
        assertThat(fixture.manualEngine().sequencePending()).isEqualTo(SEQUENCED);
        insertUnsequenced(SEQUENCED, SEQUENCED + WAITING);
        analyze();

        DSLContext dsl = fixture.dsl;
        long[] read = new long[1];
        EventSequencer.Pass pass = fixture.transactions.execute(status -> {
            long before = rowsRead(dsl);
            EventSequencer.Pass numbered = EventSequencer.numberCommitted(dsl, EventSequencer.lock(dsl), PASS);
            read[0] = rowsRead(dsl) - before;
            return numbered;
        });

        assertThat(pass).isEqualTo(new EventSequencer.Pass(PASS, SEQUENCED + PASS));
        List<Long> expected = new ArrayList<>(LongStream.rangeClosed(SEQUENCED + 1, SEQUENCED + PASS).boxed().toList());
        expected.add(null);
        assertThat(dsl.select(EVENT_LOG.POSITION).from(EVENT_LOG).orderBy(EVENT_LOG.ID).offset(SEQUENCED)
                .limit(PASS + 1).fetch(EVENT_LOG.POSITION))
                .as("the next rows in id order, numbered densely after the last position; the rest still waiting")
                .containsExactlyElementsOf(expected);
        assertThat(read[0]).as("rows of event_log read by one pass of " + PASS + " over a backlog of " + WAITING
                + " behind " + SEQUENCED + " sequenced").isLessThan(5L * PASS);
    }

    /** Closing stops a catch-up between passes: without it, close() waited 10 s and the thread went on numbering. */
    @Test
    void closingTheEngineStopsItsSequencerBetweenPasses() throws InterruptedException {
        insertUnsequenced(0, 2 * WAITING);
        JooqEventStorageEngine engine = fixture.engineBuilder().sequencerBatchSize(10).build();
        engine.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> lastPosition() > 0);

        engine.close();
        long atClose = lastPosition();
        Thread.sleep(500);

        assertThat(atClose).as("positions given when close() returned").isLessThan(2L * WAITING);
        assertThat(lastPosition()).as("positions given 500 ms later").isEqualTo(atClose);
    }

    private long lastPosition() {
        return fixture.dsl.select(EVENT_SEQUENCER.LAST_POSITION).from(EVENT_SEQUENCER).fetchSingle().value1();
    }

    private void insertUnsequenced(int from, int to) {
        for (int chunk = from; chunk < to; chunk += 1000) {
            InsertValuesStep10<?, String, Long, String, String, String, String, String, String, Long, String> insert =
                    fixture.dsl.insertInto(EVENT_LOG, EVENT_LOG.RUN_ID, EVENT_LOG.SEQUENCE_NUMBER, EVENT_LOG.EVENT_ID,
                            EVENT_LOG.AGGREGATE_TYPE, EVENT_LOG.PAYLOAD_TYPE, EVENT_LOG.PAYLOAD_REVISION,
                            EVENT_LOG.PAYLOAD, EVENT_LOG.METADATA, EVENT_LOG.OCCURRED_AT, EVENT_LOG.COMMAND_ID);
            for (int i = chunk; i < Math.min(to, chunk + 1000); i++) {
                insert = insert.values("run-" + i / 10, (long) (i % 10), "event-" + i, "Run",
                        TestEvents.Noted.class.getName(), null, PAYLOAD, "{}", 1_000_000L + i, "command-" + i);
            }
            insert.execute();
        }
    }

    /** Fresh statistics, as the database's own (auto)analyze keeps them for a table this size. */
    private void analyze() {
        if (fixture.database.dialect().family() == SQLDialect.POSTGRES) {
            fixture.dsl.execute("ANALYZE event_log");
        } else {
            fixture.dsl.fetch("ANALYZE TABLE event_log");
        }
    }

    /** Rows of event_log read so far by this transaction (PostgreSQL) or this session (MySQL/MariaDB, all tables). */
    private long rowsRead(DSLContext dsl) {
        if (fixture.database.dialect().family() == SQLDialect.POSTGRES) {
            return dsl.fetchSingle("SELECT seq_tup_read + idx_tup_fetch FROM pg_stat_xact_user_tables "
                    + "WHERE relname = 'event_log'").get(0, Long.class);
        }
        return dsl.fetch("SHOW SESSION STATUS LIKE 'Handler_read%'").stream()
                .mapToLong(row -> row.get(1, Long.class)).sum();
    }
}
