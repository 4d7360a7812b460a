package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log by position: chunks in position order after a position (and up to one), typed and upcast, only sequenced
 * events, the events of given runs, the head. Run once per database.
 */
abstract class EventLogReaderTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:00:00.123456Z");

    private EventStoreFixture fixture;
    private JooqEventStorageEngine engine;
    private EventLogReader log;

    abstract DatabaseKind databaseKind();

    @BeforeEach
    void setUp() {
        fixture = EventStoreFixture.create(databaseKind(), 4);
        engine = fixture.manualEngine();
        log = new EventLogReader(fixture.dsl, fixture.serializer, new EventUpcasterChain(new RenamedUpcaster()));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void anEmptyLogHasHeadZeroAndNoEvents() {
        assertThat(log.head()).isZero();
        assertThat(log.after(0, 100)).isEmpty();
    }

    @Test
    void eventsComeInPositionOrderAcrossRunsUpcastAndTyped() {
        appendRevisionOneEvent("run-1", 0);
        append(new GenericDomainEventMessage<>("Run", "run-2", 0, new TestEvents.Noted("run-2", "a"),
                        MetaData.with(EventMetadata.COMMAND_ID, "cmd-a").and("principal", "alice"), "e-a", AT),
                new GenericDomainEventMessage<>("Run", "run-1", 1, new TestEvents.Noted("run-1", "b")),
                new GenericDomainEventMessage<>("Run", "run-2", 1, new TestEvents.Noted("run-2", "c")));

        List<LoggedEvent> events = log.after(0, 100);

        assertThat(events).extracting(LoggedEvent::position).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events).extracting(LoggedEvent::runId).containsExactly("run-1", "run-2", "run-1", "run-2");
        assertThat(events).extracting(LoggedEvent::sequence).containsExactly(0L, 0L, 1L, 1L);
        assertThat(events.get(0).payload()).isEqualTo(new TestEvents.Renamed("run-1", "from revision 1"));
        assertThat(events.get(0).revision()).as("upcast to the current revision").isEqualTo("2");
        assertThat(events.get(0).type()).isEqualTo(TestEvents.Renamed.class.getName());
        LoggedEvent second = events.get(1);
        assertThat(second.payload()).isEqualTo(new TestEvents.Noted("run-2", "a"));
        assertThat(second.eventId()).isEqualTo("e-a");
        assertThat(second.commandId()).isEqualTo("cmd-a");
        assertThat(second.occurredAt()).isEqualTo(AT);
        assertThat(second.metadata()).containsEntry("principal", "alice");
        assertThat(log.head()).isEqualTo(4);
    }

    @Test
    void unreadEventsAreTheEventsOfBetweenOldRevisionsUpcast() {
        appendRevisionOneEvent("run-1", 0);
        append(new GenericDomainEventMessage<>("Run", "run-2", 0, new TestEvents.Noted("run-2", "a"),
                        MetaData.with("principal", "alice"), "e-a", AT),
                new GenericDomainEventMessage<>("Run", "run-1", 1, new TestEvents.Renamed("run-1", "current")),
                new GenericDomainEventMessage<>("Run", "run-2", 1, new TestEvents.Noted("run-2", "c")));

        List<UnreadEvent> unread = log.unreadBetween(0, 3, 100);
        List<LoggedEvent> read = log.between(0, 3, 100);

        assertThat(unread).extracting(UnreadEvent::position).containsExactly(1L, 2L, 3L);
        assertThat(unread).extracting(UnreadEvent::runId).containsExactly("run-1", "run-2", "run-1");
        assertThat(unread).extracting(UnreadEvent::sequence).containsExactly(0L, 0L, 1L);
        assertThat(unread.get(1).occurredAt()).isEqualTo(AT);
        assertThat(unread).extracting(UnreadEvent::payload)
                .containsExactly(new TestEvents.Renamed("run-1", "from revision 1"),
                        new TestEvents.Noted("run-2", "a"), new TestEvents.Renamed("run-1", "current"))
                .containsExactlyElementsOf(read.stream().map(LoggedEvent::payload).toList());
        assertThat(log.unreadBetween(3, 4, 100)).extracting(UnreadEvent::payload)
                .containsExactly(new TestEvents.Noted("run-2", "c"));
        assertThat(log.unreadBetween(4, 4, 100)).isEmpty();
    }

    @Test
    void unreadJsonValuesAreWrittenAsTheirTreesAreWritten() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode spec = json.readTree("""
                {"a": {"b": [1, -2, 3000000000, 123456789012345678901234567890, 40.294, 1.0E-7, 2.5e300, 0.0,
                 true, false, null, {}, []], "s": "quote \\" backslash \\\\ newline \\n tab \\t é 漢 \\u0001"},
                 "empty": "", "n": null}""");
        append(new GenericDomainEventMessage<>("Run", "run-1", 0, new TestEvents.Specified("run-1", spec, null,
                new TestEvents.Specified.Inner(json.readTree("\"text\"")))));
        appendStored("run-2", TestEvents.Specified.class.getName(), null,
                "{\"runId\": \"run-2\", \"nothing\": null, \"inner\": {\"value\": null}}");
        List<Object> unread = log.unreadBetween(0, 2, 10).stream().map(UnreadEvent::payload).toList();
        List<Object> read = log.between(0, 2, 10).stream().map(LoggedEvent::payload).toList();

        TestEvents.Specified first = (TestEvents.Specified) unread.get(0);
        TestEvents.Specified firstRead = (TestEvents.Specified) read.get(0);
        assertThat(first.spec().toString()).isEqualTo(firstRead.spec().toString()).isEqualTo(spec.toString());
        assertThat(first.nothing()).as("a null written as JSON null").isEqualTo(firstRead.nothing())
                .isEqualTo(NullNode.getInstance());
        assertThat(json.writeValueAsString(first)).isEqualTo(json.writeValueAsString(firstRead));
        TestEvents.Specified second = (TestEvents.Specified) unread.get(1);
        assertThat(second.spec()).as("absent").isNull();
        assertThat(((TestEvents.Specified) read.get(1)).spec()).isNull();
        assertThat(second.nothing()).isEqualTo(NullNode.getInstance());
        assertThat(second.inner().value()).isEqualTo(((TestEvents.Specified) read.get(1)).inner().value())
                .isEqualTo(NullNode.getInstance());
        assertThat(json.writeValueAsString(second)).isEqualTo(json.writeValueAsString(read.get(1)));
    }

    @Test
    void unreadJsonValuesKeptAsStoredTextOrWrittenAgainAreWrittenAsTheirTreesAreWritten() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> specs = List.of(
                "{\"a\":[1,-2,3000000000,123456789012345678901234567890,true,false,null,{},[]],"
                        + "\"é 漢 😀\":\"q \\\" b \\\\ n \\n t \\t \\u0001 \\u001F é 漢 😀\"}",
                "[{\"empty\":\"\",\"n\":null,\"deep\":[[[{\"x\":0,\"f\":65.672,\"e\":1.0E-7}]]]}]",
                "{ \"spaced\" : [1, 2] }",
                "{\"slash\":\"a\\/b\",\"escaped\":\"\\u00e9 \\u001f \\u000A\"}",
                "{\"minusZero\":-0,\"float\":40.294,\"exp\":2.5e300,\"plain\":1.0E-7}");
        for (int i = 0; i < specs.size(); i++) {
            appendStored("run-" + i, TestEvents.Specified.class.getName(), null, "{\"runId\":\"run-" + i
                    + "\",\"spec\":" + specs.get(i) + ",\"nothing\":null,\"inner\":{\"value\":[" + specs.get(i)
                    + "]}}");
        }

        List<Object> unread = log.unreadBetween(0, specs.size(), 10).stream().map(UnreadEvent::payload).toList();

        for (int i = 0; i < specs.size(); i++) {
            TestEvents.Specified event = (TestEvents.Specified) unread.get(i);
            JsonNode tree = json.readTree(specs.get(i));
            assertThat(event.spec().toString()).as(specs.get(i)).isEqualTo(tree.toString());
            assertThat(event.inner().value().toString()).isEqualTo("[" + tree + "]");
        }
        assertThat(unread.get(0).toString()).as("kept as stored").contains(specs.get(0));
        assertThat(unread.get(1).toString()).as("kept as stored").contains(specs.get(1));
    }

    @Test
    void unreadInstantsAreTheInstantsTheSerializerReads() {
        append(new GenericDomainEventMessage<>("Run", "run-1", 0, new TestEvents.Timed("run-1",
                Instant.parse("2024-05-01T10:00:00.123456Z"), Instant.parse("1969-12-31T23:59:59Z"))));
        appendStored("run-2", TestEvents.Timed.class.getName(), null,
                "{\"runId\": \"run-2\", \"at\": \"2024-05-01T12:00:00+02:00\", \"until\": 1714557600.5}");

        List<Object> unread = log.unreadBetween(0, 2, 10).stream().map(UnreadEvent::payload).toList();

        assertThat(unread).containsExactlyElementsOf(log.between(0, 2, 10).stream().map(LoggedEvent::payload).toList())
                .containsExactly(new TestEvents.Timed("run-1", Instant.parse("2024-05-01T10:00:00.123456Z"),
                                Instant.parse("1969-12-31T23:59:59Z")),
                        new TestEvents.Timed("run-2", Instant.parse("2024-05-01T10:00:00Z"),
                                Instant.parse("2024-05-01T10:00:00.5Z")));
    }

    @Test
    void chunksArePositionSeeksBoundedBelowAndAbove() {
        for (int i = 0; i < 7; i++) {
            append(new GenericDomainEventMessage<>("Run", "run-" + (i % 3), i / 3,
                    new TestEvents.Noted("run-" + (i % 3), "n" + i)));
        }

        assertThat(log.after(0, 3)).extracting(LoggedEvent::position).containsExactly(1L, 2L, 3L);
        assertThat(log.after(3, 3)).extracting(LoggedEvent::position).containsExactly(4L, 5L, 6L);
        assertThat(log.after(6, 3)).extracting(LoggedEvent::position).containsExactly(7L);
        assertThat(log.after(7, 3)).isEmpty();
        assertThat(log.between(2, 5, 100)).extracting(LoggedEvent::position).containsExactly(3L, 4L, 5L);
        assertThat(log.between(5, 5, 100)).isEmpty();
        assertThat(log.ofRuns(List.of("run-1"), 0, 7, 100)).extracting(LoggedEvent::position)
                .containsExactly(2L, 5L);
        assertThat(log.ofRuns(List.of("run-0", "run-2"), 3, 6, 100)).extracting(LoggedEvent::position)
                .containsExactly(4L, 6L);
        assertThat(log.ofRuns(List.of(), 0, 7, 100)).isEmpty();
    }

    @Test
    void aChunkOfTheLogAsksTheDatabaseForItsPositionsOnly() {
        for (int i = 0; i < 7; i++) {
            append(new GenericDomainEventMessage<>("Run", "run-" + (i % 3), i / 3,
                    new TestEvents.Noted("run-" + (i % 3), "n" + i)));
        }
        List<String> statements = new ArrayList<>();
        DSLContext watched = DSL.using(fixture.dsl.configuration().derive(new DefaultExecuteListenerProvider(
                new ExecuteListener() {
                    @Override
                    public void executeStart(ExecuteContext context) {
                        statements.add(context.query() == null ? context.sql()
                                : fixture.dsl.renderInlined(context.query()));
                    }
                })));
        EventLogReader reader = new EventLogReader(watched, fixture.serializer, new EventUpcasterChain());

        assertThat(reader.unreadBetween(2, 7, 3)).extracting(UnreadEvent::position).containsExactly(3L, 4L, 5L);
        assertThat(reader.between(4, 100, 2)).extracting(LoggedEvent::position).containsExactly(5L, 6L);

        assertThat(statements).hasSize(2).allSatisfy(sql -> assertThat(sql.toLowerCase())
                .doesNotContain("order by").doesNotContain("limit"));
        assertThat(statements.get(0)).containsPattern("> 2\\b").containsPattern("<= 5\\b");
        assertThat(statements.get(1)).containsPattern("> 4\\b").containsPattern("<= 6\\b");
    }

    @Test
    void anEventWaitingForItsPositionIsNotRead() {
        append(new GenericDomainEventMessage<>("Run", "run-1", 0, new TestEvents.Noted("run-1", "sequenced")));
        fixture.transactions.executeWithoutResult(status -> engine.appendEvents(
                new GenericDomainEventMessage<>("Run", "run-1", 1, new TestEvents.Noted("run-1", "waiting"))));

        assertThat(log.after(0, 100)).extracting(LoggedEvent::payload)
                .containsExactly(new TestEvents.Noted("run-1", "sequenced"));
        assertThat(log.head()).isEqualTo(1);

        engine.sequencePending();
        assertThat(log.after(1, 100)).extracting(LoggedEvent::payload)
                .containsExactly(new TestEvents.Noted("run-1", "waiting"));
    }

    private void append(GenericDomainEventMessage<?>... events) {
        fixture.transactions.executeWithoutResult(status -> engine.appendEvents(events));
        engine.sequencePending();
    }

    private void appendRevisionOneEvent(String runId, long sequence) {
        fixture.dsl.insertInto(EVENT_LOG)
                .set(EVENT_LOG.RUN_ID, runId).set(EVENT_LOG.SEQUENCE_NUMBER, sequence).set(EVENT_LOG.EVENT_ID, "old-1")
                .set(EVENT_LOG.AGGREGATE_TYPE, "Run")
                .set(EVENT_LOG.PAYLOAD_TYPE, TestEvents.Renamed.class.getName()).set(EVENT_LOG.PAYLOAD_REVISION, "1")
                .set(EVENT_LOG.PAYLOAD, "{\"runId\": \"" + runId + "\", \"name\": \"from revision 1\"}")
                .set(EVENT_LOG.METADATA, "{}").set(EVENT_LOG.OCCURRED_AT, 1_000_000L)
                .execute();
        engine.sequencePending();
    }

    /** A first event of the run as stored JSON text, appended and sequenced. */
    private void appendStored(String runId, String type, String revision, String payload) {
        fixture.dsl.insertInto(EVENT_LOG)
                .set(EVENT_LOG.RUN_ID, runId).set(EVENT_LOG.SEQUENCE_NUMBER, 0L).set(EVENT_LOG.EVENT_ID, runId + "-0")
                .set(EVENT_LOG.AGGREGATE_TYPE, "Run").set(EVENT_LOG.PAYLOAD_TYPE, type)
                .set(EVENT_LOG.PAYLOAD_REVISION, revision).set(EVENT_LOG.PAYLOAD, payload)
                .set(EVENT_LOG.METADATA, "{}").set(EVENT_LOG.OCCURRED_AT, 1_000_000L)
                .execute();
        engine.sequencePending();
    }
}
