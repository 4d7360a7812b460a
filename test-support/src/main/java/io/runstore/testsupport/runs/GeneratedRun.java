package io.runstore.testsupport.runs;

import io.runstore.events.metric.RunMetric;
import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RuntimeConfig;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.run.StorageState;

import java.time.Instant;
import java.util.List;

/**
 * One run of a benchmark data set, in the event vocabulary's terms, as it stands after its last report: both the
 * KFP loader and ours write it, each in its own schema. Timestamps are whole seconds (KFP stores seconds), so the
 * (created_at, run_id) order is the same in both systems. The large texts are not held here: {@link ManifestText}
 * writes them from {@link #manifests()} when a loader needs them.
 *
 * @param index        position in the data set (creation order)
 * @param workflowName the Kubernetes name of the run's Argo workflow (KFP's {@code run_details.Name})
 * @param finishedAt   null while the run has not finished
 * @param error        set when the run FAILED
 */
public record GeneratedRun(
        int index,
        String runId,
        String namespace,
        String experimentId,
        String displayName,
        String description,
        String workflowName,
        GeneratedPipeline pipeline,
        RuntimeConfig runtimeConfig,
        String serviceAccount,
        Instant createdAt,
        Instant scheduledAt,
        Instant finishedAt,
        RuntimeState state,
        RpcStatus error,
        StorageState storageState,
        List<StateChange> stateHistory,
        List<GeneratedTask> tasks,
        List<RunMetric> metrics,
        ManifestSizes manifests) {
}
