package io.runstore.bench.eventlog;

import io.runstore.eventstore.EventLogReader;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.replay.ReplaySource;

import java.util.Collection;
import java.util.List;

/**
 * The event log as a rebuild reads it, for the benchmarks (the server has its own, which the bench module does not
 * depend on): {@link EventLogReader}'s events as the projector's events, payloads deserialized in the lanes.
 */
public final class LogReplaySource implements ReplaySource {

    private final EventLogReader reader;

    public LogReplaySource(EventLogReader reader) {
        this.reader = reader;
    }

    @Override
    public long head() {
        return reader.head();
    }

    @Override
    public List<ProjectedEvent> between(long after, long upTo, int limit) {
        return reader.between(after, upTo, limit).stream().map(event -> new ProjectedEvent(event.runId(),
                event.sequence(), event.position(), event.occurredAt(), event.payload())).toList();
    }

    @Override
    public List<ProjectedEvent> unreadBetween(long after, long upTo, int limit) {
        return reader.unreadBetween(after, upTo, limit).stream().map(event -> new ProjectedEvent(event.runId(),
                event.sequence(), event.position(), event.occurredAt(), (ReplaySource.Unread) event::payload)).toList();
    }

    @Override
    public List<ProjectedEvent> ofRuns(Collection<String> runIds, long after, long upTo, int limit) {
        throw new UnsupportedOperationException("a rebuild reads the whole log");
    }
}
