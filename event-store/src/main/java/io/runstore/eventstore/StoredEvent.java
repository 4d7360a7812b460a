package io.runstore.eventstore;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;

import java.time.Instant;

/**
 * An event or snapshot as stored: JSON text and its type, read back with the stored microsecond timestamp (Axon's
 * own entry classes keep milliseconds only).
 */
record StoredEvent(String type, String runId, long sequenceNumber, String eventId, Instant timestamp,
                   String payloadType, String payloadRevision, String payload, String metadata)
        implements DomainEventData<String> {

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
    public SerializedObject<String> getMetaData() {
        return new SerializedMetaData<>(metadata, String.class);
    }

    @Override
    public SerializedObject<String> getPayload() {
        return new SimpleSerializedObject<>(payload, String.class, payloadType, payloadRevision);
    }
}
