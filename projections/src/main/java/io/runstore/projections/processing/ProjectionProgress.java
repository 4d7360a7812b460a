package io.runstore.projections.processing;

import io.runstore.projections.fold.ProjectedEvent;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the run-list projector has committed so far in this process: read by metrics and health. */
public final class ProjectionProgress {

    private final LongAdder applied = new LongAdder();
    private final LongAdder parked = new LongAdder();
    private final AtomicLong lastEventMillis = new AtomicLong();

    void committed(List<ProjectedEvent> events, BatchProjector.Result result) {
        if (events.isEmpty() || result == null) {
            return;
        }
        applied.add(result.applied());
        parked.add(result.parked());
        long newest = events.stream().mapToLong(event -> event.timestamp().toEpochMilli()).max().orElse(0L);
        lastEventMillis.accumulateAndGet(newest, Math::max);
    }

    /** Events applied (not counting those parked as dead letters). */
    public long appliedEvents() {
        return applied.sum();
    }

    public long parkedEvents() {
        return parked.sum();
    }

    /** Append time (epoch millis) of the newest event committed; 0 before the first batch. */
    public long lastEventMillis() {
        return lastEventMillis.get();
    }
}
