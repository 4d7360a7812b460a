package io.runstore.projections.replay;

import io.runstore.projections.fold.ProjectedEvent;

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
}
