package io.runstore.projections.status;

import io.runstore.projections.processing.DeadLetters;
import io.runstore.projections.processing.RunListProjector;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;

/** Where the run-list processor stands against the head of the event log: what health and metrics report. */
@Component
@Profile("projector")
class ProjectionStatus {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final DSLContext dsl;

    ProjectionStatus(EventProcessingConfiguration processing, EventStore eventStore, DSLContext dsl) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.dsl = dsl;
    }

    /**
     * @param configured whether the processor exists
     * @param running    whether it runs
     * @param error      the error of a failing segment, if any
     * @param position   the lowest position of its segments (-1 before the first event)
     * @param head       the position of the newest event in the log (-1 when empty)
     */
    record Snapshot(boolean configured, boolean running, Optional<Throwable> error, long position, long head) {

        long eventsBehind() {
            return Math.max(0, head - position);
        }
    }

    Snapshot snapshot() {
        Optional<StreamingEventProcessor> found = processing.eventProcessor(
                RunListProjector.PROCESSING_GROUP, StreamingEventProcessor.class);
        if (found.isEmpty()) {
            return new Snapshot(false, false, Optional.empty(), -1, -1);
        }
        StreamingEventProcessor processor = found.get();
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        Optional<Throwable> error = segments.stream().filter(EventTrackerStatus::isErrorState)
                .map(EventTrackerStatus::getError).findFirst();
        long position = segments.stream().map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min().orElse(-1);
        TrackingToken headToken = eventStore.createHeadToken();
        long head = headToken == null ? -1 : headToken.position().orElse(-1);
        return new Snapshot(true, processor.isRunning(), error, position, head);
    }

    long deadLetters() {
        return DeadLetters.count(dsl);
    }

    DeadLetters.Summary deadLetters(int listedRuns) {
        return DeadLetters.summary(dsl, listedRuns);
    }
}
