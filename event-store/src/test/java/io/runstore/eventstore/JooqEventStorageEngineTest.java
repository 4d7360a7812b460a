package io.runstore.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.testsupport.DatabaseKind;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.runstore.eventstore.EventStoreFixture.await;
import static io.runstore.eventstore.EventStoreFixture.event;
import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static io.runstore.eventstore.schema.Tables.EVENT_SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;

/** What the engine writes and reads, run once per database (subclasses). */
abstract class JooqEventStorageEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventStoreFixture fixture;
    private JooqEventStorageEngine engine;

    abstract DatabaseKind databaseKind();

    /** This database's own SQL reading {@code note} from the payload of the one event in the table. */
    abstract String plainSqlReadingTheNote();

    @BeforeEach
    void setUp() {
        fixture = EventStoreFixture.create(databaseKind(), 8);
        engine = fixture.manualEngine();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void eventIsStoredAsJsonTextWithItsCommandIdAndMicrosecondTimestamp() throws Exception {
        Instant at = Instant.parse("2026-11-26T10:00:00.123456789Z");
        DomainEventMessage<?> event = new GenericDomainEventMessage<>("Run", "run-1", 0, new TestEvents.Noted("run-1",
                "héllo \"quoted\""), MetaData.with(EventMetadata.COMMAND_ID, "cmd-1").and("user", "ada"),
                "event-1", at);
        append(event);

        var row = fixture.dsl.selectFrom(EVENT_LOG).fetchSingle();
        assertThat(row.getRunId()).isEqualTo("run-1");
        assertThat(row.getSequenceNumber()).isZero();
        assertThat(row.getEventId()).isEqualTo("event-1");
        assertThat(row.getAggregateType()).isEqualTo("Run");
        assertThat(row.getPayloadType()).isEqualTo(TestEvents.Noted.class.getName());
        assertThat(row.getCommandId()).isEqualTo("cmd-1");
        assertThat(row.getOccurredAt()).isEqualTo(1795687200123456L);
        assertThat(row.getPosition()).isNull();
        assertThat(JSON.readTree(row.getPayload())).isEqualTo(JSON.readTree(
                "{\"runId\": \"run-1\", \"note\": \"héllo \\\"quoted\\\"\"}"));
        JsonNode metadata = JSON.readTree(row.getMetadata());
        assertThat(metadata.get(EventMetadata.COMMAND_ID).asText()).isEqualTo("cmd-1");
        assertThat(metadata.get("user").asText()).isEqualTo("ada");

        engine.sequencePending();
        TrackedEventMessage<?> read = readAll(null).get(0);
        assertThat(read.trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(1));
        assertThat(read.getPayload()).isEqualTo(event.getPayload());
        assertThat(read.getMetaData()).isEqualTo(event.getMetaData());
        assertThat(read.getTimestamp()).isEqualTo(at.truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void payloadIsReadableWithPlainSql() {
        append(event("run-1", 0, new TestEvents.Noted("run-1", "plain sql")));

        assertThat(fixture.dsl.fetchValue(plainSqlReadingTheNote())).isEqualTo("plain sql");
    }

    @Test
    void eventsOfACommandAreFoundByItsCommandId() {
        MetaData first = MetaData.with(EventMetadata.COMMAND_ID, "cmd-a");
        MetaData second = MetaData.with(EventMetadata.COMMAND_ID, "cmd-b");
        append(event("run-1", 0, new TestEvents.Noted("run-1", "a0"), first),
                event("run-1", 1, new TestEvents.Noted("run-1", "a1"), first));
        append(event("run-1", 2, new TestEvents.Noted("run-1", "b2"), second));
        append(event("run-2", 0, new TestEvents.Noted("run-2", "no command")));

        List<Object> ofA = engine.readEventsOfCommand("cmd-a").asStream().map(DomainEventMessage::getPayload)
                .map(Object.class::cast).toList();
        assertThat(ofA).containsExactly(new TestEvents.Noted("run-1", "a0"), new TestEvents.Noted("run-1", "a1"));
        assertThat(engine.readEventsOfCommand("cmd-b").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(2L);
        assertThat(engine.readEventsOfCommand("cmd-unknown").hasNext()).isFalse();
    }

    @Test
    void eventsCommitOrRollBackTogetherWithTheTransactionsOtherWrites() {
        Table<?> probe = DSL.table(DSL.name("atomicity_probe"));
        Field<String> probeId = DSL.field(DSL.name("id"), SQLDataType.VARCHAR(64));
        fixture.dsl.createTable(probe).column(probeId).execute();

        fixture.transactions.executeWithoutResult(status -> {
            engine.appendEvents(event("run-1", 0, new TestEvents.Noted("run-1", "rolled back")));
            fixture.dsl.insertInto(probe).columns(probeId).values("rolled back").execute();
            status.setRollbackOnly();
        });
        assertThat(fixture.dsl.fetchCount(EVENT_LOG)).isZero();
        assertThat(fixture.dsl.fetchCount(probe)).isZero();

        fixture.transactions.executeWithoutResult(status -> {
            engine.appendEvents(event("run-1", 0, new TestEvents.Noted("run-1", "committed")));
            fixture.dsl.insertInto(probe).columns(probeId).values("committed").execute();
        });
        assertThat(fixture.dsl.fetchCount(EVENT_LOG)).isOne();
        assertThat(fixture.dsl.fetchCount(probe)).isOne();
    }

    @Test
    void aLateCommitIsNumberedAfterEarlierCommitsAndStillDelivered() throws Exception {
        CountDownLatch lateInserted = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);
        CompletableFuture<Void> late = CompletableFuture.runAsync(() -> fixture.transactions.executeWithoutResult(s -> {
            engine.appendEvents(event("run-late", 0, new TestEvents.Noted("run-late", "inserted first")));
            lateInserted.countDown();
            await(mayCommit);
        }));
        assertThat(lateInserted.await(30, TimeUnit.SECONDS)).isTrue();
        append(event("run-early", 0, new TestEvents.Noted("run-early", "inserted second, committed first")));

        assertThat(engine.sequencePending()).isOne();
        List<TrackedEventMessage<?>> firstRead = readAll(null);
        assertThat(firstRead).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .containsExactly("run-early");
        TrackingToken stored = firstRead.get(0).trackingToken();

        mayCommit.countDown();
        late.get(30, TimeUnit.SECONDS);
        assertThat(readAll(stored)).isEmpty();
        assertThat(engine.sequencePending()).isOne();

        List<TrackedEventMessage<?>> secondRead = readAll(stored);
        assertThat(secondRead).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .containsExactly("run-late");
        assertThat(secondRead.get(0).trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(2));
        Long lateId = fixture.dsl.select(EVENT_LOG.ID).from(EVENT_LOG).where(EVENT_LOG.RUN_ID.eq("run-late"))
                .fetchSingle().value1();
        Long earlyId = fixture.dsl.select(EVENT_LOG.ID).from(EVENT_LOG).where(EVENT_LOG.RUN_ID.eq("run-early"))
                .fetchSingle().value1();
        assertThat(lateId).as("the late event was inserted first").isLessThan(earlyId);
    }

    @Test
    void aRunsCommittedEventsAreLoadableBeforeTheyAreSequenced() {
        append(event("run-1", 0, new TestEvents.Noted("run-1", "zero")),
                event("run-1", 1, new TestEvents.Noted("run-1", "one")));
        append(event("run-1", 2, new TestEvents.Noted("run-1", "two")));

        assertThat(readAll(null)).isEmpty();
        assertThat(engine.readEvents("run-1").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(0L, 1L, 2L);
        assertThat(engine.readEvents("run-1", 1).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(1L, 2L);
        assertThat(engine.lastSequenceNumberFor("run-1")).contains(2L);
        assertThat(engine.lastSequenceNumberFor("run-unknown")).isEmpty();
    }

    @Test
    void runsAreReadInBatchesBeyondTheBatchSize() {
        JooqEventStorageEngine smallBatches = fixture.engineBuilder().batchSize(3).build();
        for (int sequence = 0; sequence < 10; sequence++) {
            append(event("run-1", sequence, new TestEvents.Noted("run-1", "n" + sequence)));
        }
        smallBatches.sequencePending();

        assertThat(smallBatches.readEvents("run-1").asStream()).hasSize(10);
        assertThat(smallBatches.readEvents(null, false).map(e -> e.trackingToken().position().orElseThrow()))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        smallBatches.close();
    }

    @Test
    void anEventOutsideAnyAggregateIsStoredUnderItsOwnIdAndTracked() {
        GenericEventMessage<TestEvents.Noted> published = new GenericEventMessage<>(new TestEvents.Noted("", "free"));
        append(published);
        engine.sequencePending();

        var row = fixture.dsl.selectFrom(EVENT_LOG).fetchSingle();
        assertThat(row.getRunId()).isEqualTo(published.getIdentifier());
        assertThat(row.getAggregateType()).isNull();
        assertThat(readAll(null)).extracting(TrackedEventMessage::getIdentifier)
                .containsExactly(published.getIdentifier());
    }

    @Test
    void tailHeadAndTimeTokensAreSinglePositions() {
        assertThat(engine.createTailToken()).isEqualTo(new GlobalSequenceTrackingToken(0));
        assertThat(engine.createHeadToken()).isEqualTo(new GlobalSequenceTrackingToken(0));
        Instant start = Instant.parse("2026-11-26T10:00:00Z");
        for (int i = 0; i < 3; i++) {
            append(new GenericDomainEventMessage<>("Run", "run-" + i, 0, new TestEvents.Noted("run-" + i, "n"),
                    MetaData.emptyInstance(), "event-" + i, start.plusSeconds(60L * i)));
        }
        engine.sequencePending();
        append(event("run-unsequenced", 0, new TestEvents.Noted("run-unsequenced", "committed, not yet numbered")));

        assertThat(engine.createTailToken()).isEqualTo(new GlobalSequenceTrackingToken(0));
        assertThat(engine.createHeadToken()).isEqualTo(new GlobalSequenceTrackingToken(3));
        assertThat(readAll(engine.createTailToken())).hasSize(3);
        assertThat(readAll(engine.createHeadToken())).isEmpty();
        assertThat(engine.createTokenAt(start.minusSeconds(1))).isEqualTo(new GlobalSequenceTrackingToken(0));
        assertThat(engine.createTokenAt(start.plusSeconds(60))).isEqualTo(new GlobalSequenceTrackingToken(1));
        assertThat(readAll(engine.createTokenAt(start.plusSeconds(30)))).extracting(TrackedEventMessage::getIdentifier)
                .containsExactly("event-1", "event-2");
        assertThat(engine.createTokenAt(start.plusSeconds(3600))).isEqualTo(new GlobalSequenceTrackingToken(3));
    }

    @Test
    void aBlockingStreamDeliversEventsSequencedWhileItWaits() throws Exception {
        JooqEventStorageEngine tailing = fixture.engineBuilder().tailIdleLimit(Duration.ofMinutes(1)).build();
        tailing.start();
        try (Stream<? extends TrackedEventMessage<?>> stream = tailing.readEvents(null, true)) {
            Iterator<? extends TrackedEventMessage<?>> events = stream.iterator();
            CompletableFuture<TrackedEventMessage<?>> next = CompletableFuture.supplyAsync(events::next);
            fixture.transactions.executeWithoutResult(s ->
                    tailing.appendEvents(event("run-1", 0, new TestEvents.Noted("run-1", "while waiting"))));

            assertThat(next.get(30, TimeUnit.SECONDS).getPayload())
                    .isEqualTo(new TestEvents.Noted("run-1", "while waiting"));
        } finally {
            tailing.close();
        }
    }

    @Test
    void aBlockingStreamEndsAfterItsIdleLimit() {
        JooqEventStorageEngine tailing = fixture.engineBuilder().pollInterval(Duration.ofMillis(20))
                .tailIdleLimit(Duration.ofMillis(100)).build();
        append(event("run-1", 0, new TestEvents.Noted("run-1", "only")));
        tailing.sequencePending();

        try (Stream<? extends TrackedEventMessage<?>> stream = tailing.readEvents(null, true)) {
            assertThat(stream).hasSize(1);
        } finally {
            tailing.close();
        }
    }

    @Test
    void snapshotIsKeptOnePerRunAndNeverReplacedByAnOlderOne() {
        engine.storeSnapshot(snapshot("run-1", 5, "five"));
        assertThat(snapshotState("run-1")).isEqualTo("five@5");

        engine.storeSnapshot(snapshot("run-1", 9, "nine"));
        assertThat(snapshotState("run-1")).isEqualTo("nine@9");

        engine.storeSnapshot(snapshot("run-1", 7, "seven"));
        assertThat(snapshotState("run-1")).isEqualTo("nine@9");
        engine.storeSnapshot(snapshot("run-2", 1, "other run"));
        assertThat(fixture.dsl.fetchCount(EVENT_SNAPSHOT, EVENT_SNAPSHOT.RUN_ID.eq("run-1"))).isOne();
        assertThat(snapshotState("run-2")).isEqualTo("other run@1");
    }

    @Test
    void theEventStoreReadsARunFromItsSnapshotOn() {
        for (int sequence = 0; sequence < 4; sequence++) {
            append(event("run-1", sequence, new TestEvents.Noted("run-1", "n" + sequence)));
        }
        engine.storeSnapshot(snapshot("run-1", 2, "state after 2"));
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();

        DomainEventStream stream = eventStore.readEvents("run-1");
        assertThat(stream.asStream().map(e -> e.getSequenceNumber() + ":" + ((TestEvents.Noted) e.getPayload()).note()))
                .containsExactly("2:state after 2", "3:n3");
        eventStore.shutDown();
    }

    @Test
    void anOldRevisionIsUpcastWhenRead() {
        JooqEventStorageEngine upcasting = fixture.engineBuilder()
                .upcasterChain(new EventUpcasterChain(new RenamedUpcaster())).build();
        fixture.dsl.insertInto(EVENT_LOG)
                .set(EVENT_LOG.RUN_ID, "run-1").set(EVENT_LOG.SEQUENCE_NUMBER, 0L).set(EVENT_LOG.EVENT_ID, "old-1")
                .set(EVENT_LOG.AGGREGATE_TYPE, "Run")
                .set(EVENT_LOG.PAYLOAD_TYPE, TestEvents.Renamed.class.getName()).set(EVENT_LOG.PAYLOAD_REVISION, "1")
                .set(EVENT_LOG.PAYLOAD, "{\"runId\": \"run-1\", \"name\": \"from revision 1\"}")
                .set(EVENT_LOG.METADATA, "{}").set(EVENT_LOG.OCCURRED_AT, 0L)
                .execute();
        fixture.transactions.executeWithoutResult(s -> upcasting.appendEvents(
                event("run-1", 1, new TestEvents.Renamed("run-1", "revision 2"))));
        upcasting.sequencePending();

        assertThat(upcasting.readEvents("run-1").asStream().<Object>map(DomainEventMessage::getPayload))
                .containsExactly(new TestEvents.Renamed("run-1", "from revision 1"),
                        new TestEvents.Renamed("run-1", "revision 2"));
        try (var tracked = upcasting.readEvents(null, false)) {
            assertThat(tracked.<Object>map(TrackedEventMessage::getPayload)).containsExactly(
                    new TestEvents.Renamed("run-1", "from revision 1"), new TestEvents.Renamed("run-1", "revision 2"));
        }
        assertThat(engine.readEvents("run-1").asStream().map(e -> ((TestEvents.Renamed) e.getPayload()).title()))
                .as("without the upcaster the old payload loses its title")
                .containsExactly(null, "revision 2");
        upcasting.close();
    }

    private DomainEventMessage<?> snapshot(String runId, long sequence, String state) {
        return new GenericDomainEventMessage<>("Run", runId, sequence, new TestEvents.Noted(runId, state));
    }

    private String snapshotState(String runId) {
        DomainEventMessage<?> snapshot = engine.readSnapshot(runId).orElseThrow();
        return ((TestEvents.Noted) snapshot.getPayload()).note() + "@" + snapshot.getSequenceNumber();
    }

    private void append(org.axonframework.eventhandling.EventMessage<?>... events) {
        fixture.transactions.executeWithoutResult(status -> engine.appendEvents(events));
    }

    private List<TrackedEventMessage<?>> readAll(TrackingToken after) {
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(after, false)) {
            return events.<TrackedEventMessage<?>>map(e -> e).toList();
        }
    }
}
