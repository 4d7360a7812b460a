package io.runstore.eventstore;

import java.time.Instant;
import java.util.Map;

/**
 * One event of a run's history, upcast to its current revision and deserialized.
 *
 * @param sequence   its number within the run: 0, 1, 2, ...
 * @param position   its global position in the log; null while it waits for the sequencer (only appends made inside a
 *                   caller's own transaction wait, for some milliseconds)
 * @param type       the payload type's name (a class name), as the serializer resolved it
 * @param revision   the payload type's revision after upcasting, null for an unrevised type
 * @param occurredAt when it was appended (microseconds)
 * @param commandId  the id of the command that produced it, if any
 * @param payload    the event itself; an {@code UnknownSerializedType} when no class of that name exists
 * @param metadata   who caused it: {@link EventMetadata#PRINCIPAL} and {@link EventMetadata#NAMESPACE}, where recorded
 */
public record HistoricEvent(long sequence, Long position, String type, String revision, Instant occurredAt,
                            String commandId, Object payload, Map<String, String> metadata) {

    public HistoricEvent {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
