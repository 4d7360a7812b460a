package io.runstore.command.web;

import io.runstore.command.experiment.ChangeExperiment;
import io.runstore.command.experiment.DefaultExperiments;
import io.runstore.command.experiment.ExperimentWritten;
import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.Commands;
import io.runstore.command.run.ServerClock;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Which experiment and namespace a new run goes to, as KFP decides it: the experiment's namespace when one is given
 * (an unknown or deleted experiment is 404; a namespace that differs is 400), else the namespace's Default experiment,
 * created on first use.
 */
final class ExperimentResolver {

    private ExperimentResolver() {
    }

    /** The experiment (and its namespace) a run created with these parameters belongs to. */
    static ExperimentWritten forRun(Commands commands, String experimentId, String namespace) {
        if (experimentId == null || experimentId.isBlank()) {
            return commands.send(DefaultExperiments.create(namespace == null ? "" : namespace, ServerClock.now()),
                    CommandOrigin.fresh());
        }
        ExperimentWritten experiment = send(commands, new ChangeExperiment(experimentId,
                ChangeExperiment.Change.RESOLVE, ServerClock.now()), CommandOrigin.fresh());
        if (namespace != null && !namespace.isBlank() && !namespace.equals(experiment.namespace())) {
            throw CommandRejectedException.invalidArgument("namespace: experiment " + experimentId + " is in namespace '"
                    + experiment.namespace() + "', not '" + namespace + "'");
        }
        return experiment;
    }

    static ExperimentWritten send(Commands commands, ChangeExperiment command, CommandOrigin origin) {
        try {
            return commands.send(command, origin);
        } catch (AggregateNotFoundException e) {
            throw CommandRejectedException.notFound("experiment " + command.experimentId() + " not found");
        }
    }
}
