package io.runstore.server.replay;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.runstore.projections.replay.ReplayProgress;

/**
 * A replay's meters in this server (Prometheus names in brackets): {@code runstore.replay.events} events done, a
 * counter whose rate is events/s [runstore_replay_events_total]; {@code runstore.replay.events.remaining} events it
 * still has to go through [runstore_replay_events_remaining]; {@code runstore.replay.eta} seconds left at the current
 * rate, -1 when unknown [runstore_replay_eta_seconds].
 */
public final class ReplayMetrics implements MeterBinder {

    private final ReplayProgress progress;

    public ReplayMetrics(ReplayProgress progress) {
        this.progress = progress;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("runstore.replay.events", progress, p -> p.snapshot().done())
                .description("events a replay in this server has gone through").register(registry);
        Gauge.builder("runstore.replay.events.remaining", progress,
                        p -> Math.max(0, p.snapshot().total() - p.snapshot().done()))
                .description("events the replay in this server still has to go through").register(registry);
        Gauge.builder("runstore.replay.eta", progress, p -> p.snapshot().etaSeconds()).baseUnit("seconds")
                .description("time the replay in this server needs at its current rate, -1 when unknown")
                .register(registry);
    }
}
