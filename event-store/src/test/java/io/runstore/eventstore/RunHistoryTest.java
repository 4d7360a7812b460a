package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's history through the event store's own read API: in order, paged by sequence number, each event upcast and
 * typed, with its position, time and command. Run once per database.
 */
abstract class RunHistoryTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:00:00.123456Z");

    private EventStoreFixture fixture;
    private JooqEventStorageEngine engine;
    private RunHistory history;

    abstract DatabaseKind databaseKind();

    @BeforeEach
    void setUp() {
        fixture = EventStoreFixture.create(databaseKind(), 4);
        engine = fixture.manualEngine();
        history = new RunHistory(fixture.dsl, fixture.serializer, new EventUpcasterChain(new RenamedUpcaster()));
        fixture.dsl.insertInto(EVENT_LOG)
                .set(EVENT_LOG.RUN_ID, "run-1").set(EVENT_LOG.SEQUENCE_NUMBER, 0L).set(EVENT_LOG.EVENT_ID, "old-1")
                .set(EVENT_LOG.AGGREGATE_TYPE, "Run")
                .set(EVENT_LOG.PAYLOAD_TYPE, TestEvents.Renamed.class.getName()).set(EVENT_LOG.PAYLOAD_REVISION, "1")
                .set(EVENT_LOG.PAYLOAD, "{\"runId\": \"run-1\", \"name\": \"from revision 1\"}")
                .set(EVENT_LOG.METADATA, "{}").set(EVENT_LOG.OCCURRED_AT, 1_000_000L)
                .execute();
        fixture.transactions.executeWithoutResult(status -> engine.appendEvents(
                new GenericDomainEventMessage<>("Run", "run-1", 1, new TestEvents.Noted("run-1", "second"),
                        MetaData.with(EventMetadata.COMMAND_ID, "cmd-2"), "e-2", AT),
                new GenericDomainEventMessage<>("Run", "run-1", 2, new TestEvents.Noted("run-1", "third"),
                        MetaData.with(EventMetadata.COMMAND_ID, "cmd-3"), "e-3", AT),
                new GenericDomainEventMessage<>("Run", "run-2", 0, new TestEvents.Noted("run-2", "other run"))));
        engine.sequencePending();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aRunsEventsComeInOrderUpcastAndTyped() {
        List<HistoricEvent> events = history.after("run-1", -1, 10);

        assertThat(events).extracting(HistoricEvent::sequence).containsExactly(0L, 1L, 2L);
        assertThat(events).extracting(HistoricEvent::payload).containsExactly(
                new TestEvents.Renamed("run-1", "from revision 1"), new TestEvents.Noted("run-1", "second"),
                new TestEvents.Noted("run-1", "third"));
        assertThat(events.get(0).revision()).as("upcast to the current revision").isEqualTo("2");
        assertThat(events.get(0).type()).isEqualTo(TestEvents.Renamed.class.getName());
        assertThat(events.get(0).occurredAt()).isEqualTo(Instant.parse("1970-01-01T00:00:01Z"));
        assertThat(events.get(1).commandId()).isEqualTo("cmd-2");
        assertThat(events.get(1).occurredAt()).isEqualTo(AT);
        assertThat(events).extracting(HistoricEvent::position).doesNotContainNull();
        assertThat(events.get(2).position()).isGreaterThan(events.get(1).position());
    }

    @Test
    void pagesAreKeysetSeeksOnTheSequenceNumber() {
        assertThat(history.after("run-1", -1, 2)).extracting(HistoricEvent::sequence).containsExactly(0L, 1L);
        assertThat(history.after("run-1", 1, 2)).extracting(HistoricEvent::sequence).containsExactly(2L);
        assertThat(history.after("run-1", 2, 2)).isEmpty();
        assertThat(history.first("run-2")).map(HistoricEvent::payload)
                .contains(new TestEvents.Noted("run-2", "other run"));
        assertThat(history.first("run-9")).isEmpty();
    }

    @Test
    void chosenEventsOfARunByTheirSequenceNumbers() {
        assertThat(history.at("run-1", List.of(2L, 0L, 7L))).extracting(HistoricEvent::payload).containsExactly(
                new TestEvents.Renamed("run-1", "from revision 1"), new TestEvents.Noted("run-1", "third"));
        assertThat(history.at("run-2", List.of(1L, 2L))).isEmpty();
        assertThat(history.at("run-1", LongStream.range(0, 1_200).boxed().toList()))
                .as("more numbers than one statement takes").extracting(HistoricEvent::sequence)
                .containsExactly(0L, 1L, 2L);
    }

    @Test
    void anEventOfAnUnknownTypeIsShownUntyped() {
        fixture.dsl.update(EVENT_LOG).set(EVENT_LOG.PAYLOAD_TYPE, "io.runstore.gone.Removed")
                .set(EVENT_LOG.PAYLOAD_REVISION, (String) null)
                .where(EVENT_LOG.RUN_ID.eq("run-2")).execute();

        HistoricEvent event = history.first("run-2").orElseThrow();

        assertThat(event.type()).isEqualTo("io.runstore.gone.Removed");
        assertThat(event.payload()).isInstanceOf(UnknownSerializedType.class);
    }
}
