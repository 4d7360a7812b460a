package io.runstore.command.kfpimport;

import io.runstore.events.metric.RunMetric;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RuntimeConfig;
import io.runstore.events.run.StorageState;
import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskDetails;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * One run as a KFP database holds it (run_details with its resource references, tasks and run_metrics), in the
 * event vocabulary's terms. {@code stateHistory} is in time order; {@code archivedAt} is set for an archived run.
 */
record KfpRun(
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
        Instant createdAt,
        Instant scheduledAt,
        List<State> stateHistory,
        StorageState storageState,
        Instant archivedAt,
        List<Task> tasks,
        List<RunMetric> metrics,
        Instant metricsAt) {

    record State(Instant at, RuntimeState state, RpcStatus error) {
    }

    record Task(String taskId, TaskDetails details) {
    }
}
