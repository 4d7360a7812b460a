package io.runstore.eventstore;

import io.runstore.eventstore.schema.tables.records.EventLogRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.jooq.Condition;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.noCondition;

/**
 * The whole log by position, for readers that replay it or follow it (rebuilding read tables, publishing events):
 * chunks of events in position order, each upcast to the current revision of its type and deserialized. Positions
 * are dense and given in commit order, so a reader that asks for the events after the last position it has seen never
 * passes an event that commits later, and {@code head() - p} is the number of events after {@code p}. Only sequenced
 * events are read (an event appended inside a caller's transaction waits some milliseconds for its position).
 * Nothing outside the event store reads {@code event_log}'s columns.
 */
public final class EventLogReader {

    private final DSLContext dsl;
    private final Serializer serializer;
    private final EventUpcaster upcasters;

    /**
     * @param serializer the event serializer the events were written with
     * @param upcasters  the upcasters that bring old revisions to the current ones (Axon's upcaster chain)
     */
    public EventLogReader(DSLContext dsl, Serializer serializer, EventUpcaster upcasters) {
        this.dsl = dsl;
        this.serializer = serializer;
        this.upcasters = upcasters;
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
        return read(noCondition(), after, upTo, limit);
    }

    /**
     * The events of {@link #between}, upcast but not deserialized: each event's payload is deserialized when
     * {@link UnreadEvent#payload()} is first called, in the calling thread, so that several threads can share the
     * work of a chunk read by one.
     */
    public List<UnreadEvent> unreadBetween(long after, long upTo, int limit) {
        if (limit <= 0 || upTo <= after) {
            return List.of();
        }
        List<EventLogRecord> rows = rows(noCondition(), after, upTo, limit);
        Map<Long, EventLogRecord> byPosition = new HashMap<>(rows.size() * 2);
        rows.forEach(row -> byPosition.put(row.getPosition(), row));
        List<UnreadEvent> events = new ArrayList<>(rows.size());
        EventUtils.upcastAndDeserializeTrackedEvents(rows.stream().map(EventRows::tracked), serializer, upcasters)
                .forEach(message -> {
                    EventLogRecord row = byPosition.get(message.trackingToken().position().orElseThrow());
                    events.add(new UnreadEvent(row.getPosition(), row.getRunId(), row.getSequenceNumber(),
                            EventRows.fromMicros(row.getOccurredAt()), message::getPayload));
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
        return read(EVENT_LOG.RUN_ID.in(runIds), after, upTo, limit);
    }

    private List<LoggedEvent> read(Condition which, long after, long upTo, int limit) {
        if (limit <= 0 || upTo <= after) {
            return List.of();
        }
        return upcast(rows(which, after, upTo, limit));
    }

    private List<EventLogRecord> rows(Condition which, long after, long upTo, int limit) {
        return dsl.selectFrom(EVENT_LOG)
                .where(EVENT_LOG.POSITION.gt(after)).and(EVENT_LOG.POSITION.le(upTo)).and(which)
                .orderBy(EVENT_LOG.POSITION)
                .limit(limit)
                .fetch();
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
