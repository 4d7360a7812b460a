package io.runstore.projections.replay;

import io.runstore.projections.fold.ProjectedEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The event log as a replay reads it: every event (of any type) by position, dense and in commit order, so a chunk
 * shorter than asked means nothing more exists up to {@code upTo}. The server reads it with the event store's
 * {@code EventLogReader}.
 */
public interface ReplaySource {

    /** The position of the newest event: every event up to it can be read. */
    long head();

    /** At most {@code limit} events with positions in ({@code after}, {@code upTo}], in position order. */
    List<ProjectedEvent> between(long after, long upTo, int limit);

    /** At most {@code limit} events of the given runs with positions in ({@code after}, {@code upTo}], in order. */
    List<ProjectedEvent> ofRuns(Collection<String> runIds, long after, long upTo, int limit);

    /**
     * The events of {@link #between} whose payloads may still be {@link Unread}: the replay's lanes deserialize
     * their own events ({@link #read}), in parallel, instead of the one thread that reads the chunks.
     */
    default List<ProjectedEvent> unreadBetween(long after, long upTo, int limit) {
        return between(after, upTo, limit);
    }

    /** The events with every {@link Unread} payload deserialized. */
    static List<ProjectedEvent> read(List<ProjectedEvent> events) {
        List<ProjectedEvent> read = new ArrayList<>(events.size());
        for (ProjectedEvent event : events) {
            read.add(event.payload() instanceof Unread unread ? new ProjectedEvent(event.runId(), event.sequence(),
                    event.position(), event.timestamp(), unread.read()) : event);
        }
        return read;
    }

    /** A payload that is deserialized when read. */
    @FunctionalInterface
    interface Unread {
        Object read();
    }
}
