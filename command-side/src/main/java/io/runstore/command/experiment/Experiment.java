package io.runstore.command.experiment;

import io.runstore.command.run.CommandRejectedException;
import io.runstore.events.experiment.ExperimentArchived;
import io.runstore.events.experiment.ExperimentCreated;
import io.runstore.events.experiment.ExperimentDeleted;
import io.runstore.events.experiment.ExperimentUnarchived;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A KFP experiment: a named group of runs in one namespace, archived and unarchived as a whole. Its events share the
 * event log with the runs' (an experiment id is never a run id: both are server-chosen UUIDs, a Default experiment's a
 * name-based one).
 */
@Aggregate(commandTargetResolver = "commandTargetResolver")
class Experiment {

    @AggregateIdentifier
    private String experimentId;
    private String namespace;
    private String displayName;
    private String description;
    private Instant createdAt;
    private boolean archived;

    Experiment() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ExperimentWritten handle(CreateExperiment command) {
        if (experimentId != null) {
            if (!command.ifMissing()) {
                throw new CommandRejectedException(io.runstore.api.ErrorCode.ALREADY_EXISTS,
                        "experiment " + command.experimentId() + " exists already");
            }
            return written();
        }
        apply(new ExperimentCreated(command.experimentId(), command.namespace(), command.displayName(),
                command.description(), command.at()));
        return written();
    }

    @CommandHandler
    ExperimentWritten handle(ChangeExperiment command) {
        switch (command.change()) {
            case ARCHIVE -> {
                if (!archived) {
                    apply(new ExperimentArchived(experimentId, command.at()));
                }
            }
            case UNARCHIVE -> {
                if (archived) {
                    apply(new ExperimentUnarchived(experimentId, command.at()));
                }
            }
            case DELETE -> apply(new ExperimentDeleted(experimentId, command.at()));
            case RESOLVE -> {
                // answers what the experiment is; writes nothing
            }
        }
        return written();
    }

    @EventSourcingHandler
    void on(ExperimentCreated event) {
        experimentId = event.experimentId();
        namespace = event.namespace();
        displayName = event.displayName();
        description = event.description();
        createdAt = event.createdAt();
    }

    @EventSourcingHandler
    void on(ExperimentArchived event) {
        archived = true;
    }

    @EventSourcingHandler
    void on(ExperimentUnarchived event) {
        archived = false;
    }

    @EventSourcingHandler
    void on(ExperimentDeleted event) {
        AggregateLifecycle.markDeleted();
    }

    private ExperimentWritten written() {
        return new ExperimentWritten(experimentId, AggregateLifecycle.getVersion(), namespace, displayName,
                description, archived ? "ARCHIVED" : "AVAILABLE", createdAt);
    }
}
