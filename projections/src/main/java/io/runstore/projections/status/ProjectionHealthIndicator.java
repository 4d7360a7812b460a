package io.runstore.projections.status;

import io.runstore.projections.processing.DeadLetters;
import io.runstore.projections.processing.RunListProjector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "projection" (health group {@code projector}): is the run-list projector running,
 * failing, how far behind, what it parked as dead letters. A parked event does not stop the projector (the other
 * runs go on) but a run is frozen until an operator acts, so it shows: DEGRADED (HTTP 200) or, with
 * {@code runstore.projection.dead-letter-health=down}, DOWN (HTTP 503). When the head of the log or the dead letters
 * cannot be read (the database fails), DOWN with the reason: a health check answers, it does not throw (Spring would
 * make that a 500 of the whole endpoint).
 */
@Component("projection")
@Profile("projector")
class ProjectionHealthIndicator implements HealthIndicator {

    /** Parked runs named in the details, the first in log order. */
    static final int LISTED_RUNS = 20;

    private final ProjectionStatus status;
    private final DeadLetterHealth deadLetterHealth;

    ProjectionHealthIndicator(ProjectionStatus status,
                              @Value("${runstore.projection.dead-letter-health:degraded}")
                              DeadLetterHealth deadLetterHealth) {
        this.status = status;
        this.deadLetterHealth = deadLetterHealth;
    }

    @Override
    public Health health() {
        try {
            return read();
        } catch (RuntimeException e) {
            return Health.down()
                    .withDetail("processor", RunListProjector.PROCESSING_GROUP)
                    .withDetail("reason", "the projection's status cannot be read: " + e.getMessage())
                    .build();
        }
    }

    private Health read() {
        ProjectionStatus.Snapshot snapshot = status.snapshot();
        if (!snapshot.configured()) {
            return Health.down().withDetail("reason", "processor not configured").build();
        }
        DeadLetters.Summary parked = status.deadLetters(LISTED_RUNS);
        Status state = !snapshot.running() || snapshot.error().isPresent() ? Status.DOWN
                : parked.events() > 0 ? deadLetterHealth.status() : Status.UP;
        Health.Builder health = Health.status(state)
                .withDetail("processor", RunListProjector.PROCESSING_GROUP)
                .withDetail("running", snapshot.running())
                .withDetail("position", snapshot.position())
                .withDetail("head", snapshot.head())
                .withDetail("eventsBehind", snapshot.eventsBehind())
                .withDetail("deadLetters", parked.events())
                .withDetail("parkedRuns", parked.runs())
                .withDetail("firstParkedRuns", parked.firstRuns());
        snapshot.error().ifPresent(error -> health.withDetail("error", String.valueOf(error)));
        return health.build();
    }
}
