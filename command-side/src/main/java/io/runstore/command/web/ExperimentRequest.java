package io.runstore.command.web;

import io.runstore.command.experiment.CreateExperiment;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.ServerClock;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /apis/v2beta1/experiments}: a KFP v2beta1 Experiment. Output-only fields (experiment_id,
 * created_at, storage_state, last_run_created_at) may be echoed and are ignored.
 */
record ExperimentRequest(String experimentId, String displayName, String description, String namespace,
                         String createdAt, String storageState, String lastRunCreatedAt) {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    CreateExperiment toCommand(String namespaceParameter) {
        if (displayName == null || displayName.isBlank()) {
            throw CommandRejectedException.invalidArgument("display_name is required");
        }
        if (displayName.length() > 255) {
            throw CommandRejectedException.invalidArgument("display_name: at most 255 characters");
        }
        if (description != null && description.length() > 10_000) {
            throw CommandRejectedException.invalidArgument("description: at most 10000 characters");
        }
        String space = namespaceParameter != null && !namespaceParameter.isBlank() ? namespaceParameter : namespace;
        if (space != null && !space.isEmpty() && !NAMESPACE.matcher(space).matches()) {
            throw CommandRejectedException.invalidArgument("namespace: '" + space
                    + "' is not a valid Kubernetes namespace name");
        }
        return new CreateExperiment(UUID.randomUUID().toString(), space == null ? "" : space, displayName,
                description == null ? "" : description, false, ServerClock.now());
    }
}
