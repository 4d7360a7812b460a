package io.runstore.query.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.runstore.readtables.schema.tables.records.RunListRecord;

import java.time.Instant;

/**
 * A run as KFP's v1beta1 GetRun answers it (RunDetail: the run, its pipeline runtime), which KFP's UI still calls when
 * it opens a run's details. The same conversion as KFP's API server (toApiRunV1): v1 status names, STORAGESTATE_
 * storage states, times as set (the epoch when not), the error as its message, the v2 pipeline spec as the
 * pipeline_manifest string. runstore keeps no Argo workflow, so the pipeline runtime is empty.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunDetailV1View(RunV1 run, PipelineRuntimeV1 pipelineRuntime) {

    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RunV1(String id, String name, String storageState, String description, PipelineSpecV1 pipelineSpec,
                        @JsonRawValue String resourceReferences, String serviceAccount, Instant createdAt,
                        Instant scheduledAt, Instant finishedAt, String status, String error,
                        @JsonRawValue String metrics) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record PipelineSpecV1(String pipelineId, String pipelineManifest, @JsonRawValue String runtimeConfig) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record PipelineRuntimeV1(String pipelineManifest, String workflowManifest) {
    }

    static RunDetailV1View of(RunListRecord row, String pipelineSpec, String runtimeConfig) {
        RunV1 run = new RunV1(row.getRunId(), row.getDisplayName(), "STORAGESTATE_" + row.getStorageState(),
                row.getDescription(), new PipelineSpecV1(row.getPipelineId(), pipelineSpec, runtimeConfig),
                emptyListToNull(row.getResourceReferences()), row.getServiceAccount(),
                Instant.EPOCH.plusNanos(row.getCreatedAt() * 1000), Instant.EPOCH.plusNanos(row.getScheduledAt() * 1000),
                Instant.EPOCH.plusNanos(row.getFinishedAt() * 1000), status(row.getState()), errorMessage(row.getError()),
                emptyListToNull(row.getMetrics()));
        return new RunDetailV1View(run, new PipelineRuntimeV1(null, null));
    }

    /** KFP's RuntimeState.ToV1. */
    static String status(String state) {
        return switch (state) {
            case "PENDING", "PAUSED" -> "Pending";
            case "RUNNING" -> "Running";
            case "SUCCEEDED" -> "Succeeded";
            case "SKIPPED" -> "Skipped";
            case "FAILED", "CANCELED" -> "Failed";
            case "CANCELING" -> "Terminating";
            default -> "Unknown";
        };
    }

    private static String errorMessage(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        try {
            JsonNode message = JSON.readTree(status).get("message");
            return message == null ? null : message.asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("run_list.error is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String emptyListToNull(String json) {
        return json == null || json.isBlank() || json.trim().equals("[]") ? null : json;
    }
}
