package io.runstore.eventstore;

import io.runstore.eventstore.schema.tables.records.EventLogRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.serialization.LazyDeserializingObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static org.jooq.impl.DSL.max;

/**
 * The whole log by position, for readers that replay it or follow it (rebuilding read tables, publishing events):
 * chunks of events in position order, each upcast to the current revision of its type and deserialized. Positions
 * are dense and given in commit order, so a reader that asks for the events after the last position it has seen never
 * passes an event that commits later, and {@code head() - p} is the number of events after {@code p}. Only sequenced
 * events are read (an event appended inside a caller's transaction waits some milliseconds for its position).
 * Nothing outside the event store reads {@code event_log}'s columns.
 *
 * <p>A chunk of the whole log is read as the range of positions it can hold, {@code (after, after + limit]}, without
 * ORDER BY and LIMIT, and put in order here: whatever the database's statistics of the log say, it reads those rows
 * and no others. Asked for the first rows of the rest of the log in position order instead, PostgreSQL's planner,
 * without statistics of a log just written (or of its newest positions), chose a bitmap scan of all the rest and
 * sorted it on disk, for every chunk (0.58 s for a chunk of 5,000 at 45,000 events to go; 0.016 s now).
 */
public final class EventLogReader {

    private final DSLContext dsl;
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final PayloadReaders payloads;
    /** Whether the driver's bytes of a text column are UTF-8 ({@link #bytesAreUtf8}); null until first asked. */
    private volatile Boolean bytesAreUtf8;

    /**
     * @param serializer the event serializer the events were written with
     * @param upcasters  the upcasters that bring old revisions to the current ones (Axon's upcaster chain)
     */
    public EventLogReader(DSLContext dsl, Serializer serializer, EventUpcaster upcasters) {
        this.dsl = dsl;
        this.serializer = serializer;
        this.upcasters = upcasters;
        this.payloads = new PayloadReaders(serializer);
    }

    /** The position of the newest sequenced event; 0 when the log is empty. */
    public long head() {
        Long head = dsl.select(max(EVENT_LOG.POSITION)).from(EVENT_LOG).fetchOne(0, Long.class);
        return head == null ? 0 : head;
    }

    /** At most {@code limit} events with positions above {@code after}, in position order. */
    public List<LoggedEvent> after(long after, int limit) {
        return between(after, Long.MAX_VALUE, limit);
    }

    /** At most {@code limit} events with positions above {@code after} and at most {@code upTo}, in position order. */
    public List<LoggedEvent> between(long after, long upTo, int limit) {
        if (limit <= 0 || upTo <= after) {
            return List.of();
        }
        return upcast(chunk(after, upTo, limit));
    }

    /**
     * The events of {@link #between}, upcast but not deserialized: each event's payload is deserialized when
     * {@link UnreadEvent#payload()} is first called, in the calling thread, so that several threads can share the
     * work of a chunk read by one. The rows are read without building records, and an event that the upcaster chain
     * passes on unchanged (every event stored at its current revision) is read straight from its JSON by a reader kept
     * per type ({@link PayloadReaders}), its {@code JsonNode} values as nodes that hold their JSON text (written as
     * the tree would be written, but not navigable: for replays that store such values whole); an event that an
     * upcaster changes is deserialized from what the chain made of it, as {@link #between} does.
     */
    public List<UnreadEvent> unreadBetween(long after, long upTo, int limit) {
        if (limit <= 0 || upTo <= after) {
            return List.of();
        }
        List<StoredRow> rows = storedRows(after, upTo, limit);
        Map<IntermediateEventRepresentation, StoredRow> unchanged = new IdentityHashMap<>(rows.size() * 2);
        Stream<IntermediateEventRepresentation> stored = rows.stream().map(row -> {
            IntermediateEventRepresentation representation = new InitialEventRepresentation(row.tracked(),
                    serializer);
            unchanged.put(representation, row);
            return representation;
        });
        Map<Long, StoredRow> byPosition = new HashMap<>();
        List<UnreadEvent> events = new ArrayList<>(rows.size());
        upcasters.upcast(stored).forEach(representation -> {
            StoredRow row = unchanged.get(representation);
            if (row != null) {
                StoredEvent<byte[]> event = row.event();
                events.add(new UnreadEvent(row.position(), event.runId(), event.sequenceNumber(), event.timestamp(),
                        () -> payloads.read(event.payloadType(), event.payloadRevision(), event.payload())));
                return;
            }
            if (byPosition.isEmpty()) {
                rows.forEach(each -> byPosition.put(each.position(), each));
            }
            StoredRow upcast = byPosition.get(representation.getTrackingToken().orElseThrow().position()
                    .orElseThrow());
            LazyDeserializingObject<Object> payload = new LazyDeserializingObject<>(representation::getData,
                    representation.getType(), serializer);
            events.add(new UnreadEvent(upcast.position(), upcast.event().runId(), upcast.event().sequenceNumber(),
                    upcast.event().timestamp(), payload::getObject));
        });
        return events;
    }

    /**
     * At most {@code limit} events of the given runs with positions above {@code after} and at most {@code upTo}, in
     * position order.
     */
    public List<LoggedEvent> ofRuns(Collection<String> runIds, long after, long upTo, int limit) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        if (limit <= 0 || upTo <= after) {
            return List.of();
        }
        return upcast(rows(EVENT_LOG.RUN_ID.in(runIds), after, upTo, limit));
    }

    private List<EventLogRecord> rows(Condition which, long after, long upTo, int limit) {
        return dsl.selectFrom(EVENT_LOG)
                .where(EVENT_LOG.POSITION.gt(after)).and(EVENT_LOG.POSITION.le(upTo)).and(which)
                .orderBy(EVENT_LOG.POSITION)
                .limit(limit)
                .fetch();
    }

    /** The rows of the whole log's next chunk: its range of positions, put in order here. */
    private List<EventLogRecord> chunk(long after, long upTo, int limit) {
        List<EventLogRecord> rows = new ArrayList<>(dsl.selectFrom(EVENT_LOG)
                .where(EVENT_LOG.POSITION.gt(after)).and(EVENT_LOG.POSITION.le(chunkEnd(after, upTo, limit)))
                .fetch());
        rows.sort(Comparator.comparingLong(EventLogRecord::getPosition));
        return rows;
    }

    /** The last position a chunk of at most {@code limit} events after {@code after} can hold: positions are dense. */
    private static long chunkEnd(long after, long upTo, int limit) {
        return upTo - after <= limit ? upTo : after + limit;
    }

    /**
     * The rows of {@link #unreadBetween}, read from the JDBC result set as they are; payload and metadata as the
     * driver's bytes, UTF-8 ({@link #utf8}), which Jackson parses without a String in between.
     */
    private List<StoredRow> storedRows(long after, long upTo, int limit) {
        List<StoredRow> rows = new ArrayList<>(Math.min(limit, 10_000));
        boolean utf8 = bytesAreUtf8();
        try (ResultSet result = dsl.select(EVENT_LOG.POSITION, EVENT_LOG.AGGREGATE_TYPE, EVENT_LOG.RUN_ID,
                        EVENT_LOG.SEQUENCE_NUMBER, EVENT_LOG.EVENT_ID, EVENT_LOG.OCCURRED_AT, EVENT_LOG.PAYLOAD_TYPE,
                        EVENT_LOG.PAYLOAD_REVISION, EVENT_LOG.PAYLOAD, EVENT_LOG.METADATA)
                .from(EVENT_LOG)
                .where(EVENT_LOG.POSITION.gt(after)).and(EVENT_LOG.POSITION.le(chunkEnd(after, upTo, limit)))
                .fetchResultSet()) {
            while (result.next()) {
                rows.add(new StoredRow(result.getLong(1), new StoredEvent<>(result.getString(2), result.getString(3),
                        result.getLong(4), result.getString(5), EventRows.fromMicros(result.getLong(6)),
                        result.getString(7), result.getString(8), utf8(result, 9, utf8), utf8(result, 10, utf8),
                        byte[].class)));
            }
        } catch (SQLException e) {
            throw new DataAccessException("Cannot read event_log: " + e.getMessage(), e);
        }
        rows.sort(Comparator.comparingLong(StoredRow::position));
        return rows;
    }

    /** A text column's value as UTF-8 bytes: as the driver has them when they are ({@link #bytesAreUtf8}). */
    private static byte[] utf8(ResultSet result, int column, boolean bytesAreUtf8) throws SQLException {
        return bytesAreUtf8 ? result.getBytes(column) : result.getString(column).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code getBytes} of a text column gives its UTF-8 bytes. PostgreSQL's driver gives the bytes the
     * server sent, always UTF-8 (it sets {@code client_encoding} so and refuses another); MySQL's Connector/J gives
     * them in {@code character_set_results}, which it leaves unset (NULL: the column's own character set, utf8mb4 for
     * event_log) unless told otherwise. Any other driver or setting: the driver's strings, encoded.
     */
    private boolean bytesAreUtf8() {
        Boolean known = bytesAreUtf8;
        if (known == null) {
            known = dsl.connectionResult(EventLogReader::driverBytesAreUtf8);
            bytesAreUtf8 = known;
        }
        return known;
    }

    /** Asked once per reader, on the connection itself: not one of the log's queries. */
    private static boolean driverBytesAreUtf8(Connection connection) throws SQLException {
        String driver = connection.getMetaData().getDriverName();
        if (driver.startsWith("PostgreSQL")) {
            return true;
        }
        if (!driver.startsWith("MySQL Connector")) {
            return false;
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT @@character_set_results")) {
            String results = result.next() ? result.getString(1) : null;
            return results == null || results.startsWith("utf8");
        }
    }

    /** A row of the log as stored, with its position; payload and metadata as UTF-8 JSON. */
    private record StoredRow(long position, StoredEvent<byte[]> event) {

        TrackedDomainEventData<byte[]> tracked() {
            return new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(position), event);
        }
    }

    /** Upcast as Axon's processors upcast the log: one stream of tracked events, the position as the token. */
    private List<LoggedEvent> upcast(List<EventLogRecord> rows) {
        Map<Long, EventLogRecord> byPosition = new HashMap<>(rows.size() * 2);
        rows.forEach(row -> byPosition.put(row.getPosition(), row));
        List<LoggedEvent> events = new ArrayList<>(rows.size());
        EventUtils.upcastAndDeserializeTrackedEvents(rows.stream().map(EventRows::tracked), serializer, upcasters)
                .forEach(message -> events.add(logged((DomainEventMessage<?>) message,
                        byPosition.get(message.trackingToken().position().orElseThrow()))));
        return events;
    }

    private LoggedEvent logged(DomainEventMessage<?> message, EventLogRecord row) {
        Object payload = message.getPayload();
        SerializedType type = payload instanceof UnknownSerializedType unknown ? unknown.serializedType()
                : serializer.typeForClass(message.getPayloadType());
        return new LoggedEvent(row.getPosition(), row.getRunId(), row.getSequenceNumber(), row.getEventId(),
                type.getName(), type.getRevision(), EventRows.fromMicros(row.getOccurredAt()), row.getCommandId(),
                message.getMetaData(), payload);
    }
}
