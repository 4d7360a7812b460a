package io.runstore.command.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RuntimeConfig;

import java.time.Instant;

/** Create a run with a server-chosen id; validated before it is sent. */
public record CreateRun(
        String runId,
        String namespace,
        String experimentId,
        String displayName,
        String description,
        PipelineVersionReference pipelineVersionReference,
        JsonNode pipelineSpec,
        RuntimeConfig runtimeConfig,
        String serviceAccount,
        String recurringRunId,
        JsonNode pluginsInput,
        Instant createdAt) {

    /** This command for a run in the given experiment and namespace (the experiment's, as KFP decides it). */
    public CreateRun in(String experiment, String space) {
        return new CreateRun(runId, space, experiment, displayName, description, pipelineVersionReference, pipelineSpec,
                runtimeConfig, serviceAccount, recurringRunId, pluginsInput, createdAt);
    }

    /** This command as the server carried it out first (a retry with the same Idempotency-Key gets that run back). */
    public CreateRun as(CreatedRun created) {
        return new CreateRun(created.runId(), namespace, experimentId, displayName, description,
                pipelineVersionReference, pipelineSpec, runtimeConfig, serviceAccount, recurringRunId, pluginsInput,
                created.createdAt());
    }
}
