package io.runstore.server.projection;

import io.runstore.eventstore.EventLogReader;
import io.runstore.eventstore.LoggedEvent;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.projections.status.ProcessorPositions;
import org.axonframework.serialization.Serializer;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How current the read tables are, as any process sees it from the database (the query role need not run the
 * projector): the run-list processor's position from its token rows, the head of the event log, and how long the
 * oldest event not yet applied has waited. One reading is kept for a second, so a scrape of several meters reads once.
 */
public final class ProjectionLag {

    private static final Duration KEPT = Duration.ofSeconds(1);

    private final DSLContext dsl;
    private final Serializer tokenSerializer;
    private final EventLogReader log;
    private final Clock clock;
    private Reading last;

    /** @param tokenSerializer the serializer Axon writes the processors' tokens with */
    public ProjectionLag(DSLContext dsl, Serializer tokenSerializer, EventLogReader log, Clock clock) {
        this.dsl = dsl;
        this.tokenSerializer = tokenSerializer;
        this.log = log;
        this.clock = clock;
    }

    /**
     * @param started      whether the projector has ever run on this database
     * @param position     the position up to which every event is applied (0: none)
     * @param head         the position of the newest event of the log (0: empty)
     * @param waitingSince when the oldest event not yet applied happened; null when none waits
     * @param at           when this was read
     */
    public record Reading(boolean started, long position, long head, Instant waitingSince, Instant at) {

        public long eventsBehind() {
            return Math.max(0, head - position);
        }

        /** How long the oldest event not yet applied has waited; zero when none waits. */
        public Duration lag() {
            return waitingSince == null ? Duration.ZERO : Duration.between(waitingSince, at).isNegative()
                    ? Duration.ZERO : Duration.between(waitingSince, at);
        }
    }

    public synchronized Reading read() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(last.at().plus(KEPT))) {
            last = readNow(now);
        }
        return last;
    }

    private Reading readNow(Instant now) {
        Map<Integer, Long> segments = ProcessorPositions.of(dsl, tokenSerializer, RunListProjector.PROCESSING_GROUP);
        long position = Math.max(0, ProcessorPositions.lowest(segments));
        long head = log.head();
        Instant waitingSince = null;
        if (head > position) {
            List<LoggedEvent> next = log.between(position, position + 1, 1);
            waitingSince = next.isEmpty() ? null : next.get(0).occurredAt();
        }
        return new Reading(!segments.isEmpty(), position, head, waitingSince, now);
    }
}
