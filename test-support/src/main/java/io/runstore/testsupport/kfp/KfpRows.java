package io.runstore.testsupport.kfp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.events.metric.RunMetric;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.run.StorageState;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.testsupport.runs.GeneratedRun;
import io.runstore.testsupport.runs.GeneratedTask;
import io.runstore.testsupport.runs.ManifestText;
import io.runstore.testsupport.runs.StateChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated run as KFP stores it: one run_details row (the v2 fields, the v1 {@code Conditions}, the manifests
 * where KFP 2.x puts a v2 run's: the pipeline spec, the compiled workflow as PipelineRuntimeManifest, the reported
 * workflow with its status as WorkflowRuntimeManifest; WorkflowSpecManifest is for v1 pipelines and stays empty),
 * its resource references (namespace and experiment, as KFP's {@code Run.ToV1} makes them), one tasks row per task
 * (KFP 2.x, with the task's JSON in {@code Payload}) and its run_metrics. Values are in the column order of
 * {@link KfpColumns}.
 */
final class KfpRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KfpRows() {
    }

    static Object[] runDetails(GeneratedRun run) {
        Object[] row = {
                run.runId(), run.displayName(), run.workflowName(), run.description(), run.namespace(),
                run.experimentId(), null, run.storageState().name(), run.serviceAccount(),
                run.pipeline().pipelineId(), run.pipeline().pipelineVersionId(), run.pipeline().name(),
                ManifestText.pipelineSpec(run), "", "",
                run.runtimeConfig().parameters().toString(), run.runtimeConfig().pipelineRoot(),
                seconds(run.createdAt()), seconds(run.scheduledAt()), seconds(run.finishedAt()),
                conditions(run.state()), run.state().name(), stateHistory(run.stateHistory()), null, null,
                ManifestText.workflowSpec(run), ManifestText.workflowRuntime(run), 1000L + run.index() * 3L, 1001L + run.index() * 3L, 0L, 0L,
                run.storageState() == StorageState.ARCHIVED ? seconds(run.finishedAt()) + 86_400 : 0L};
        if (row.length != KfpColumns.RUN_DETAILS.size()) {
            throw new IllegalStateException("run_details row has " + row.length + " values");
        }
        return row;
    }

    static List<Object[]> resourceReferences(GeneratedRun run) {
        return List.of(
                reference(run, run.experimentId(), "exp-" + run.experimentId().substring(0, 8), "Experiment"),
                reference(run, run.namespace(), run.namespace(), "Namespace"));
    }

    static List<Object[]> tasks(GeneratedRun run) {
        List<Object[]> rows = new ArrayList<>(run.tasks().size());
        int position = 0;
        for (GeneratedTask task : run.tasks()) {
            TaskDetails details = task.details();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("UUID", task.taskId());
            fields.put("Namespace", run.namespace());
            fields.put("PipelineName", "namespace/" + run.namespace() + "/pipeline/" + run.pipeline().name());
            fields.put("RunUUID", run.runId());
            fields.put("PodName", details.pods().get(details.pods().size() - 1).name());
            fields.put("MLMDExecutionID", String.valueOf(10_000L + run.index() * 20L + position++));
            fields.put("CreatedTimestamp", seconds(details.createTime()));
            fields.put("StartedTimestamp", seconds(details.createTime()));
            fields.put("FinishedTimestamp", seconds(details.endTime()));
            fields.put("Fingerprint", details.cacheFingerprint());
            fields.put("Name", details.name());
            fields.put("ParentTaskUUID", details.parentTaskId());
            fields.put("State", details.state().name());
            fields.put("StateHistory", json(List.of(Map.of("UpdateTimeInSec", seconds(details.createTime()),
                    "State", details.state().name()))));
            fields.put("MLMDInputs", details.inputs().toString());
            fields.put("MLMDOutputs", details.outputs().toString());
            fields.put("ChildrenPods", json(details.pods().stream().map(TaskPod::name).toList()));
            List<Object> values = new ArrayList<>(fields.values());
            values.add(json(fields));
            rows.add(values.toArray());
        }
        return rows;
    }

    static List<Object[]> runMetrics(GeneratedRun run) {
        List<Object[]> rows = new ArrayList<>(run.metrics().size());
        for (RunMetric metric : run.metrics()) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("RunUUID", run.runId());
            payload.put("NodeID", metric.nodeId());
            payload.put("Name", metric.name());
            payload.put("NumberValue", metric.numberValue());
            payload.put("Format", metric.format().name());
            rows.add(new Object[]{run.runId(), metric.nodeId(), metric.name(), metric.numberValue(),
                    metric.format().name(), json(payload)});
        }
        return rows;
    }

    private static Object[] reference(GeneratedRun run, String referenceId, String referenceName, String referenceType) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ResourceUUID", run.runId());
        payload.put("ResourceType", "Run");
        payload.put("ReferenceUUID", referenceId);
        payload.put("ReferenceName", referenceName);
        payload.put("ReferenceType", referenceType);
        payload.put("Relationship", "Owner");
        return new Object[]{run.runId(), "Run", referenceId, referenceName, referenceType, "Owner", json(payload)};
    }

    /** KFP's v1 state name, which it keeps in {@code Conditions} ({@code RuntimeState.ToV1}). */
    private static String conditions(RuntimeState state) {
        return switch (state) {
            case PENDING, PAUSED -> "Pending";
            case RUNNING -> "Running";
            case SUCCEEDED -> "Succeeded";
            case SKIPPED -> "Skipped";
            case FAILED, CANCELED -> "Failed";
            case CANCELING -> "Terminating";
            case RUNTIME_STATE_UNSPECIFIED -> "Unknown";
        };
    }

    private static String stateHistory(List<StateChange> history) {
        List<Map<String, Object>> entries = new ArrayList<>(history.size());
        for (StateChange change : history) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("UpdateTimeInSec", seconds(change.updateTime()));
            entry.put("State", change.state().name());
            if (change.error() != null) {
                entry.put("Error", Map.of("Code", change.error().code(), "Message", change.error().message()));
            }
            entries.add(entry);
        }
        return json(entries);
    }

    private static long seconds(Instant instant) {
        return instant == null ? 0L : instant.getEpochSecond();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a KFP payload", e);
        }
    }
}
