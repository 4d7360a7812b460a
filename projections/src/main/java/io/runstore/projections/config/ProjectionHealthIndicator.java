package io.runstore.projections.config;

import io.runstore.projections.runlist.RunListProjector;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code /actuator/health} component "projection": is the run-list projector running, failing, how far behind. */
@Component("projection")
@Profile("projector")
class ProjectionHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    ProjectionHealthIndicator(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    @Override
    public Health health() {
        Optional<StreamingEventProcessor> found = processing.eventProcessor(
                RunListProjector.PROCESSING_GROUP, StreamingEventProcessor.class);
        if (found.isEmpty()) {
            return Health.down().withDetail("reason", "processor not configured").build();
        }
        StreamingEventProcessor processor = found.get();
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        Optional<EventTrackerStatus> failing = segments.stream().filter(EventTrackerStatus::isErrorState).findFirst();
        long position = segments.stream().map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min().orElse(-1);
        TrackingToken headToken = eventStore.createHeadToken();
        long head = headToken == null ? -1 : headToken.position().orElse(-1);
        Health.Builder health = processor.isRunning() && failing.isEmpty() ? Health.up() : Health.down();
        health.withDetail("processor", RunListProjector.PROCESSING_GROUP)
                .withDetail("running", processor.isRunning())
                .withDetail("position", position)
                .withDetail("head", head)
                .withDetail("eventsBehind", Math.max(0, head - position));
        failing.ifPresent(status -> health.withDetail("error", String.valueOf(status.getError())));
        return health.build();
    }
}
