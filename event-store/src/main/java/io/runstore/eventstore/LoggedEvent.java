package io.runstore.eventstore;

import java.time.Instant;
import java.util.Map;

/**
 * One event of the log as readers that follow or replay the whole log see it: upcast to the current revision of its
 * type and deserialized, with its place in the log and in its run.
 *
 * @param position   its global position: 1, 2, 3, ... without gaps, in commit order
 * @param runId      the run (stream) it belongs to; an event outside any aggregate has its own id here
 * @param sequence   its number within the run: 0, 1, 2, ...
 * @param eventId    its unique id
 * @param type       the payload type's name (a class name), as the serializer resolved it
 * @param revision   the payload type's revision after upcasting, null for an unrevised type
 * @param occurredAt when it was appended (microseconds)
 * @param commandId  the id of the command that produced it, if any
 * @param metadata   its metadata (the keys writers put there, such as the command id)
 * @param payload    the event itself; an {@code UnknownSerializedType} when no class of that name exists
 */
public record LoggedEvent(long position, String runId, long sequence, String eventId, String type, String revision,
                          Instant occurredAt, String commandId, Map<String, Object> metadata, Object payload) {
}
