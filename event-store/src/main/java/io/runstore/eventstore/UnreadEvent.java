package io.runstore.eventstore;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * One event of the log whose payload is deserialized only when asked ({@link EventLogReader#unreadBetween}).
 *
 * @param position   its global position
 * @param runId      the run (stream) it belongs to
 * @param sequence   its number within the run
 * @param occurredAt when it was appended
 * @param reader     deserializes the payload (upcast to the current revision) on its first call; an
 *                   {@code UnknownSerializedType} when no class of that name exists
 */
public record UnreadEvent(long position, String runId, long sequence, Instant occurredAt, Supplier<Object> reader) {

    public Object payload() {
        return reader.get();
    }
}
