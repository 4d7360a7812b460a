package io.runstore.eventstore;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;

import java.time.Instant;

/**
 * An event or snapshot as stored: JSON (text, or UTF-8 bytes as a replay reads it) and its type, read back with the
 * stored microsecond timestamp (Axon's own entry classes keep milliseconds only).
 */
record StoredEvent<T>(String type, String runId, long sequenceNumber, String eventId, Instant timestamp,
                      String payloadType, String payloadRevision, T payload, T metadata, Class<T> contentType)
        implements DomainEventData<T> {

    @Override
    public String getType() {
        return type;
    }

    @Override
    public String getAggregateIdentifier() {
        return runId;
    }

    @Override
    public long getSequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public String getEventIdentifier() {
        return eventId;
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }

    @Override
    public SerializedObject<T> getMetaData() {
        return new SerializedMetaData<>(metadata, contentType);
    }

    @Override
    public SerializedObject<T> getPayload() {
        return new SimpleSerializedObject<>(payload, contentType, payloadType, payloadRevision);
    }
}
