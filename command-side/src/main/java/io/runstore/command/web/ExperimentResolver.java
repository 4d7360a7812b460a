package io.runstore.command.web;

import io.runstore.command.experiment.ChangeExperiment;
import io.runstore.command.experiment.DefaultExperiments;
import io.runstore.command.experiment.ExperimentWritten;
import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.Commands;
import io.runstore.command.run.ServerClock;
import io.runstore.security.Caller;
import io.runstore.security.Role;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Which experiment and namespace a new run goes to, as KFP decides it: the experiment's namespace when one is given
 * (an unknown or deleted experiment is 404; a namespace that differs is 400), else the namespace's Default experiment,
 * created on first use.
 */
final class ExperimentResolver {

    private ExperimentResolver() {
    }

    /**
     * The experiment (and its namespace) a run created with these parameters belongs to, once the caller is found
     * to may write there (403 before anything is written, the Default experiment included).
     */
    static ExperimentWritten forRun(Commands commands, String experimentId, String namespace, Caller caller,
                                    CommandOrigin origin) {
        if (experimentId == null || experimentId.isBlank()) {
            String target = namespace == null ? "" : namespace;
            checkMayWrite(caller, target, "namespace '" + target + "'");
            return commands.send(DefaultExperiments.create(target, ServerClock.now()), origin.derived().in(target));
        }
        ExperimentWritten experiment = send(commands, new ChangeExperiment(experimentId,
                ChangeExperiment.Change.RESOLVE, ServerClock.now()), origin.derived());
        caller.check(experiment.namespace(), "experiment " + experimentId, Role.WRITE);
        if (namespace != null && !namespace.isBlank() && !namespace.equals(experiment.namespace())) {
            throw CommandRejectedException.invalidArgument("namespace: experiment " + experimentId + " is in namespace '"
                    + experiment.namespace() + "', not '" + namespace + "'");
        }
        return experiment;
    }

    /** 403 unless the caller may write in the namespace; in multi-user mode a namespace must be named (400). */
    static void checkMayWrite(Caller caller, String namespace, String what) {
        if (caller.multiUser() && namespace.isBlank()) {
            throw CommandRejectedException.invalidArgument("namespace is required in multi-user mode");
        }
        caller.check(namespace, what, Role.WRITE);
    }

    static ExperimentWritten send(Commands commands, ChangeExperiment command, CommandOrigin origin) {
        try {
            return commands.send(command, origin);
        } catch (AggregateNotFoundException e) {
            throw CommandRejectedException.notFound("experiment " + command.experimentId() + " not found");
        }
    }
}
