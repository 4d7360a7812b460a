package io.runstore.command.kfpimport;

import io.runstore.events.experiment.ExperimentArchived;
import io.runstore.events.experiment.ExperimentCreated;
import io.runstore.events.experiment.ExperimentDeleted;
import io.runstore.events.experiment.ExperimentUnarchived;
import io.runstore.events.run.StorageState;
import io.runstore.eventstore.EventMetadata;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Brings one KFP experiment into the event log as {@link RunImporter} brings a run: its creation if the log does not
 * hold it, and a change of storage state; importing it again appends nothing, an experiment deleted here is left
 * alone, and every event carries the metadata {@code imported=kfp}.
 */
final class ExperimentImporter {

    private static final String AGGREGATE_TYPE = "Experiment";

    private final EventStorageEngine storageEngine;

    ExperimentImporter(EventStorageEngine storageEngine) {
        this.storageEngine = storageEngine;
    }

    /** Appends what is new of {@code experiment}; answers the number of events appended. */
    int importExperiment(KfpExperiment experiment) {
        long[] lastSequence = {-1};
        StorageState[] known = {null};
        boolean[] deleted = {false};
        storageEngine.readEvents(experiment.experimentId()).asStream().forEach(message -> {
            lastSequence[0] = message.getSequenceNumber();
            Object event = message.getPayload();
            if (event instanceof ExperimentCreated || event instanceof ExperimentUnarchived) {
                known[0] = StorageState.AVAILABLE;
            } else if (event instanceof ExperimentArchived) {
                known[0] = StorageState.ARCHIVED;
            } else if (event instanceof ExperimentDeleted) {
                deleted[0] = true;
            }
        });
        if (deleted[0]) {
            return 0;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Object> events = new ArrayList<>();
        if (lastSequence[0] < 0) {
            Instant createdAt = experiment.createdAt() == null ? now : experiment.createdAt();
            events.add(new ExperimentCreated(experiment.experimentId(), experiment.namespace(),
                    experiment.displayName(), experiment.description(), createdAt));
            known[0] = StorageState.AVAILABLE;
        }
        if (experiment.storageState() != known[0]) {
            events.add(experiment.storageState() == StorageState.ARCHIVED
                    ? new ExperimentArchived(experiment.experimentId(), now)
                    : new ExperimentUnarchived(experiment.experimentId(), now));
        }
        if (events.isEmpty()) {
            return 0;
        }
        MetaData metaData = MetaData.with(RunImporter.IMPORTED, RunImporter.SOURCE)
                .and(EventMetadata.COMMAND_ID, "kfp-import-" + UUID.randomUUID());
        List<DomainEventMessage<?>> messages = new ArrayList<>(events.size());
        long sequence = lastSequence[0];
        for (Object event : events) {
            messages.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, experiment.experimentId(), ++sequence, event,
                    metaData));
        }
        storageEngine.appendEvents(messages);
        return messages.size();
    }
}
