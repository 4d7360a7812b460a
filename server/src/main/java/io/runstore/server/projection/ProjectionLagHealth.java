package io.runstore.server.projection;

import io.runstore.projections.processing.RunListProjector;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code /actuator/health} component "projectionLag" (health group {@code query}): the run-list projection's position,
 * the head of the log, the events behind and the lag, read from the database wherever the projector runs. Always UP:
 * a projection behind makes reads older, not this process unhealthy (the projector's own component judges that).
 */
public final class ProjectionLagHealth implements HealthIndicator {

    private final ProjectionLag lag;

    public ProjectionLagHealth(ProjectionLag lag) {
        this.lag = lag;
    }

    @Override
    public Health health() {
        ProjectionLag.Reading reading = lag.read();
        Health.Builder health = Health.up()
                .withDetail("processor", RunListProjector.PROCESSING_GROUP)
                .withDetail("started", reading.started())
                .withDetail("position", reading.position())
                .withDetail("head", reading.head())
                .withDetail("eventsBehind", reading.eventsBehind())
                .withDetail("lagSeconds", reading.lag().toMillis() / 1000.0);
        if (reading.waitingSince() != null) {
            health.withDetail("oldestWaitingEventAt", reading.waitingSince().toString());
        }
        return health.build();
    }
}
