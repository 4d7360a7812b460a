package io.runstore.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.runstore.command.run.CreateRun;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RuntimeConfig;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.run.StorageState;

import java.time.Instant;
import java.util.List;

/** A KFP v2beta1 Run as the command API returns it after a write (built from the events it wrote). */
record RunResponse(
        String experimentId,
        String runId,
        String displayName,
        StorageState storageState,
        String description,
        PipelineVersionReference pipelineVersionReference,
        JsonNode pipelineSpec,
        RuntimeConfig runtimeConfig,
        String serviceAccount,
        Instant createdAt,
        Instant scheduledAt,
        RuntimeState state,
        String recurringRunId,
        List<RuntimeStatus> stateHistory) {

    /** One entry of {@code state_history}. */
    record RuntimeStatus(Instant updateTime, RuntimeState state) {
    }

    static RunResponse created(CreateRun command) {
        return new RunResponse(blankToNull(command.experimentId()), command.runId(), command.displayName(),
                StorageState.AVAILABLE, blankToNull(command.description()), command.pipelineVersionReference(),
                command.pipelineSpec(), command.runtimeConfig(), blankToNull(command.serviceAccount()),
                command.createdAt(), command.createdAt(), RuntimeState.PENDING, blankToNull(command.recurringRunId()),
                List.of(new RuntimeStatus(command.createdAt(), RuntimeState.PENDING)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
