package io.runstore.eventstore;

import io.runstore.eventstore.schema.tables.records.EventLogRecord;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;

/**
 * A run's history as readers outside the event store see it: its events in order, each upcast to the current revision
 * of its type and deserialized, with its place in the run and in the log, its time and its command. Paged by the
 * run's sequence numbers (a keyset on the unique {@code (run_id, sequence_number)} index; the same order as the
 * global position), never by OFFSET. Nothing outside the event store reads {@code event_log}'s columns.
 */
public final class RunHistory {

    private static final int AT_ONCE = 500;

    private final DSLContext dsl;
    private final Serializer serializer;
    private final EventUpcaster upcasters;

    /**
     * @param serializer the event serializer the events were written with
     * @param upcasters  the upcasters that bring old revisions to the current ones (Axon's upcaster chain)
     */
    public RunHistory(DSLContext dsl, Serializer serializer, EventUpcaster upcasters) {
        this.dsl = dsl;
        this.serializer = serializer;
        this.upcasters = upcasters;
    }

    /** At most {@code limit} events of the run with a sequence number above {@code after} (-1: from its first). */
    public List<HistoricEvent> after(String runId, long after, int limit) {
        return history(dsl.selectFrom(EVENT_LOG)
                .where(EVENT_LOG.RUN_ID.eq(runId)).and(EVENT_LOG.SEQUENCE_NUMBER.gt(after))
                .orderBy(EVENT_LOG.SEQUENCE_NUMBER)
                .limit(limit)
                .fetch());
    }

    /**
     * The run's events with the given sequence numbers, in order; numbers the run does not have are left out. Read by
     * the unique {@code (run_id, sequence_number)} index, at most {@value #AT_ONCE} numbers per statement.
     */
    public List<HistoricEvent> at(String runId, Collection<Long> sequences) {
        List<Long> sorted = sequences.stream().distinct().sorted().toList();
        List<HistoricEvent> events = new ArrayList<>(sorted.size());
        for (int from = 0; from < sorted.size(); from += AT_ONCE) {
            List<Long> chunk = sorted.subList(from, Math.min(sorted.size(), from + AT_ONCE));
            events.addAll(history(dsl.selectFrom(EVENT_LOG)
                    .where(EVENT_LOG.RUN_ID.eq(runId)).and(EVENT_LOG.SEQUENCE_NUMBER.in(chunk))
                    .orderBy(EVENT_LOG.SEQUENCE_NUMBER)
                    .fetch()));
        }
        return events;
    }

    /** The run's first event (its creation), if the run exists or existed. */
    public Optional<HistoricEvent> first(String runId) {
        return after(runId, -1, 1).stream().findFirst();
    }

    private List<HistoricEvent> history(List<EventLogRecord> rows) {
        Map<Long, EventLogRecord> bySequence = new HashMap<>();
        rows.forEach(row -> bySequence.put(row.getSequenceNumber(), row));
        List<? extends DomainEventData<?>> stored = rows.stream().map(EventRows::domain).toList();
        return EventStreamUtils.upcastAndDeserializeDomainEvents(stored.stream(), serializer, upcasters).asStream()
                .map(message -> historic(message, bySequence.get(message.getSequenceNumber())))
                .toList();
    }

    private HistoricEvent historic(DomainEventMessage<?> message, EventLogRecord row) {
        Object payload = message.getPayload();
        SerializedType type = payload instanceof UnknownSerializedType unknown ? unknown.serializedType()
                : serializer.typeForClass(message.getPayloadType());
        Map<String, String> metadata = new HashMap<>();
        for (String key : List.of(EventMetadata.PRINCIPAL, EventMetadata.NAMESPACE)) {
            if (message.getMetaData().get(key) instanceof String value) {
                metadata.put(key, value);
            }
        }
        return new HistoricEvent(message.getSequenceNumber(), row.getPosition(), type.getName(), type.getRevision(),
                EventRows.fromMicros(row.getOccurredAt()), row.getCommandId(), payload, metadata);
    }
}
