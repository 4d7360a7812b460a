package io.runstore.eventstore;

import io.runstore.eventstore.schema.tables.records.EventLogRecord;
import io.runstore.eventstore.schema.tables.records.EventSnapshotRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static io.runstore.eventstore.schema.Tables.EVENT_SNAPSHOT;

/**
 * Converts between Axon's event messages and rows of {@code event_log} / {@code event_snapshot}: payload and metadata
 * as JSON text, the timestamp as epoch microseconds (UTC, the one place it is converted), the command id copied from
 * the metadata. An event outside any aggregate is stored as Axon's own engines store it: its id as the stream id,
 * sequence 0, no aggregate type.
 */
final class EventRows {

    private EventRows() {
    }

    static EventLogRecord toRow(EventMessage<?> event, Serializer serializer) {
        SerializedObject<String> payload = event.serializePayload(serializer, String.class);
        SerializedObject<String> metadata = event.serializeMetaData(serializer, String.class);
        EventLogRecord row = new EventLogRecord();
        if (event instanceof DomainEventMessage<?> domainEvent) {
            row.setRunId(domainEvent.getAggregateIdentifier());
            row.setSequenceNumber(domainEvent.getSequenceNumber());
            row.setAggregateType(domainEvent.getType());
        } else {
            row.setRunId(event.getIdentifier());
            row.setSequenceNumber(0L);
        }
        row.setEventId(event.getIdentifier());
        row.setPayloadType(payload.getType().getName());
        row.setPayloadRevision(payload.getType().getRevision());
        row.setPayload(payload.getData());
        row.setMetadata(metadata.getData());
        row.setOccurredAt(toMicros(event.getTimestamp()));
        Object commandId = event.getMetaData().get(EventMetadata.COMMAND_ID);
        row.setCommandId(commandId == null ? null : commandId.toString());
        return row;
    }

    static EventSnapshotRecord toSnapshotRow(DomainEventMessage<?> snapshot, Serializer serializer) {
        SerializedObject<String> payload = snapshot.serializePayload(serializer, String.class);
        SerializedObject<String> metadata = snapshot.serializeMetaData(serializer, String.class);
        EventSnapshotRecord row = new EventSnapshotRecord();
        row.setRunId(snapshot.getAggregateIdentifier());
        row.setSequenceNumber(snapshot.getSequenceNumber());
        row.setEventId(snapshot.getIdentifier());
        row.setAggregateType(snapshot.getType());
        row.setPayloadType(payload.getType().getName());
        row.setPayloadRevision(payload.getType().getRevision());
        row.setPayload(payload.getData());
        row.setMetadata(metadata.getData());
        row.setOccurredAt(toMicros(snapshot.getTimestamp()));
        return row;
    }

    /** A sequenced row as Axon's tracked event data; its token is its position. */
    static TrackedDomainEventData<String> tracked(EventLogRecord row) {
        return new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(row.get(EVENT_LOG.POSITION)), domain(row));
    }

    static StoredEvent<String> domain(EventLogRecord row) {
        return new StoredEvent<>(row.get(EVENT_LOG.AGGREGATE_TYPE), row.get(EVENT_LOG.RUN_ID),
                row.get(EVENT_LOG.SEQUENCE_NUMBER), row.get(EVENT_LOG.EVENT_ID),
                fromMicros(row.get(EVENT_LOG.OCCURRED_AT)), row.get(EVENT_LOG.PAYLOAD_TYPE),
                row.get(EVENT_LOG.PAYLOAD_REVISION), row.get(EVENT_LOG.PAYLOAD), row.get(EVENT_LOG.METADATA),
                String.class);
    }

    static StoredEvent<String> snapshot(EventSnapshotRecord row) {
        return new StoredEvent<>(row.get(EVENT_SNAPSHOT.AGGREGATE_TYPE), row.get(EVENT_SNAPSHOT.RUN_ID),
                row.get(EVENT_SNAPSHOT.SEQUENCE_NUMBER), row.get(EVENT_SNAPSHOT.EVENT_ID),
                fromMicros(row.get(EVENT_SNAPSHOT.OCCURRED_AT)), row.get(EVENT_SNAPSHOT.PAYLOAD_TYPE),
                row.get(EVENT_SNAPSHOT.PAYLOAD_REVISION), row.get(EVENT_SNAPSHOT.PAYLOAD),
                row.get(EVENT_SNAPSHOT.METADATA), String.class);
    }

    static long toMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static Instant fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
