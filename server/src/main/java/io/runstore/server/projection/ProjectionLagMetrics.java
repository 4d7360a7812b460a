package io.runstore.server.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The query role's view of the projection (Prometheus names in brackets): {@code runstore.query.projection.position}
 * [runstore_query_projection_position], {@code runstore.query.projection.events.behind}
 * [runstore_query_projection_events_behind], {@code runstore.query.projection.lag} seconds the oldest event not yet
 * applied has waited, 0 when none waits [runstore_query_projection_lag_seconds].
 */
public final class ProjectionLagMetrics implements MeterBinder {

    private final ProjectionLag lag;

    public ProjectionLagMetrics(ProjectionLag lag) {
        this.lag = lag;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("runstore.query.projection.position", lag, l -> l.read().position())
                .description("position of the event log up to which the read tables are projected").register(registry);
        Gauge.builder("runstore.query.projection.events.behind", lag, l -> l.read().eventsBehind())
                .description("events in the log not yet in the read tables").register(registry);
        Gauge.builder("runstore.query.projection.lag", lag, l -> l.read().lag().toMillis() / 1000.0)
                .baseUnit("seconds").description("how long the oldest event not yet in the read tables has waited")
                .register(registry);
    }
}
