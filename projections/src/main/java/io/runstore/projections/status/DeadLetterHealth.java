package io.runstore.projections.status;

import org.springframework.boot.actuate.health.Status;

/** {@code runstore.projection.dead-letter-health}: what a parked event makes of the projection's health. */
enum DeadLetterHealth {

    /** DEGRADED: HTTP 200, the projector goes on with the other runs. */
    DEGRADED(new Status("DEGRADED", "events are parked as dead letters")),
    /** DOWN: HTTP 503, for deployments that page on a dead letter. */
    DOWN(Status.DOWN);

    private final Status status;

    DeadLetterHealth(Status status) {
        this.status = status;
    }

    Status status() {
        return status;
    }
}
