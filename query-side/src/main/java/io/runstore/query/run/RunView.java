package io.runstore.query.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.runstore.query.listing.RawJson;

import java.time.Instant;
import java.util.List;

/** A KFP v2beta1 Run as the query API returns it; JSON parts pre-aggregated by the projector are passed through. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RunView(
        String experimentId,
        String runId,
        String displayName,
        String storageState,
        String description,
        PipelineVersionReferenceView pipelineVersionReference,
        @JsonRawValue String pipelineSpec,
        @JsonRawValue String runtimeConfig,
        String serviceAccount,
        Instant createdAt,
        Instant scheduledAt,
        Instant finishedAt,
        String state,
        @JsonRawValue String error,
        String recurringRunId,
        @JsonRawValue String stateHistory,
        Integer taskCount,
        List<RawJson> tasks) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record PipelineVersionReferenceView(String pipelineId, String pipelineVersionId) {
    }

    RunView withTasks(List<RawJson> runTasks) {
        return new RunView(experimentId, runId, displayName, storageState, description, pipelineVersionReference,
                pipelineSpec, runtimeConfig, serviceAccount, createdAt, scheduledAt, finishedAt, state, error,
                recurringRunId, stateHistory, taskCount, runTasks);
    }
}
