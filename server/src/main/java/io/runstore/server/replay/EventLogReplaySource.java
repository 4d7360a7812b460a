package io.runstore.server.replay;

import io.runstore.eventstore.EventLogReader;
import io.runstore.eventstore.LoggedEvent;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.replay.ReplaySource;
import io.runstore.projections.replay.ReplaySource.Unread;

import java.util.Collection;
import java.util.List;

/** The event store's log as a replay reads it: {@link EventLogReader}'s events as the projector's events. */
public final class EventLogReplaySource implements ReplaySource {

    private final EventLogReader reader;

    public EventLogReplaySource(EventLogReader reader) {
        this.reader = reader;
    }

    @Override
    public long head() {
        return reader.head();
    }

    @Override
    public List<ProjectedEvent> between(long after, long upTo, int limit) {
        return reader.between(after, upTo, limit).stream().map(EventLogReplaySource::projected).toList();
    }

    @Override
    public List<ProjectedEvent> unreadBetween(long after, long upTo, int limit) {
        return reader.unreadBetween(after, upTo, limit).stream().map(event -> new ProjectedEvent(event.runId(),
                event.sequence(), event.position(), event.occurredAt(), (Unread) event::payload)).toList();
    }

    @Override
    public List<ProjectedEvent> ofRuns(Collection<String> runIds, long after, long upTo, int limit) {
        return reader.ofRuns(runIds, after, upTo, limit).stream().map(EventLogReplaySource::projected).toList();
    }

    private static ProjectedEvent projected(LoggedEvent event) {
        return new ProjectedEvent(event.runId(), event.sequence(), event.position(), event.occurredAt(),
                event.payload());
    }
}
