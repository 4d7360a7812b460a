package io.runstore.command.run;

import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.run.StorageState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A pipeline run: decides which commands are allowed and records what happened as events. */
@Aggregate
class Run {

    @AggregateIdentifier
    private String runId;
    private RuntimeState state;
    private StorageState storageState;

    Run() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    Run(CreateRun command) {
        apply(new RunCreated(command.runId(), command.namespace(), command.experimentId(), command.displayName(),
                command.description(), command.pipelineVersionReference(), command.pipelineSpec(),
                command.runtimeConfig(), command.serviceAccount(), command.recurringRunId(), command.pluginsInput(),
                command.createdAt(), command.createdAt()));
    }

    @EventSourcingHandler
    void on(RunCreated event) {
        runId = event.runId();
        state = RuntimeState.PENDING;
        storageState = StorageState.AVAILABLE;
    }
}
