package io.runstore.projections.status;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.runstore.projections.processing.ProjectionProgress;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The projector's Micrometer meters (Prometheus names in brackets):
 * {@code runstore.projection.events} applied events, a counter whose rate is events/s
 * [runstore_projection_events_total]; {@code runstore.projection.events.behind} events in the log not yet applied
 * [runstore_projection_events_behind]; {@code runstore.projection.lag} milliseconds from the append of the newest
 * applied event to now while the projector is behind, 0 when caught up [runstore_projection_lag_milliseconds];
 * {@code runstore.projection.dead.letters} parked events [runstore_projection_dead_letters].
 */
@Component
@Profile("projector")
class ProjectionMetrics implements MeterBinder {

    private final ProjectionStatus status;
    private final ProjectionProgress progress;
    private final long startedMillis = System.currentTimeMillis();

    ProjectionMetrics(ProjectionStatus status, ProjectionProgress progress) {
        this.status = status;
        this.progress = progress;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("runstore.projection.events", progress, ProjectionProgress::appliedEvents)
                .description("events the run-list projector applied").register(registry);
        Gauge.builder("runstore.projection.events.behind", this, metrics -> metrics.status.snapshot().eventsBehind())
                .description("events in the log the run-list projector has not applied yet").register(registry);
        Gauge.builder("runstore.projection.lag", this, ProjectionMetrics::lagMillis).baseUnit("milliseconds")
                .description("time since the append of the newest applied event, while events are behind")
                .register(registry);
        Gauge.builder("runstore.projection.dead.letters", status, ProjectionStatus::deadLetters)
                .description("events parked in projection_dead_letter").register(registry);
    }

    private double lagMillis() {
        if (status.snapshot().eventsBehind() == 0) {
            return 0;
        }
        long newest = progress.lastEventMillis();
        return System.currentTimeMillis() - (newest == 0 ? startedMillis : newest);
    }
}
