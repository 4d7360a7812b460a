package io.runstore.projections.status;

import io.runstore.projections.processing.RunListProjector;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "projection": is the run-list projector running, failing, how far behind, how
 * many events it parked as dead letters (they do not stop it: the other runs go on, so it stays UP).
 */
@Component("projection")
@Profile("projector")
class ProjectionHealthIndicator implements HealthIndicator {

    private final ProjectionStatus status;

    ProjectionHealthIndicator(ProjectionStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        ProjectionStatus.Snapshot snapshot = status.snapshot();
        if (!snapshot.configured()) {
            return Health.down().withDetail("reason", "processor not configured").build();
        }
        Health.Builder health = snapshot.running() && snapshot.error().isEmpty() ? Health.up() : Health.down();
        health.withDetail("processor", RunListProjector.PROCESSING_GROUP)
                .withDetail("running", snapshot.running())
                .withDetail("position", snapshot.position())
                .withDetail("head", snapshot.head())
                .withDetail("eventsBehind", snapshot.eventsBehind())
                .withDetail("deadLetters", status.deadLetters());
        snapshot.error().ifPresent(error -> health.withDetail("error", String.valueOf(error)));
        return health.build();
    }
}
