package io.runstore.testsupport.readtables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.events.metric.RunMetric;
import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.StorageState;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.readtables.EpochMicros;
import io.runstore.readtables.NameKey;
import io.runstore.readtables.schema.tables.records.RunDetailRecord;
import io.runstore.readtables.schema.tables.records.RunListRecord;
import io.runstore.readtables.schema.tables.records.RunMetricRecord;
import io.runstore.readtables.schema.tables.records.RunTaskRecord;
import io.runstore.testsupport.runs.GeneratedRun;
import io.runstore.testsupport.runs.GeneratedTask;
import io.runstore.testsupport.runs.ManifestText;
import io.runstore.testsupport.runs.StateChange;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A generated run as runstore's projectors leave it in the read tables, in the JSON formats documented at the top of
 * the projections' V1__read_tables.sql. {@code version} is the sequence number of the last event that changed the
 * row, the events being those of {@code io.runstore.bench.eventlog.RunEvents}: RunCreated, RUNNING, one TaskCreated
 * per task, the later states, one MetricsReported, one RunArchived.
 */
final class ReadModelRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ReadModelRows() {
    }

    static long version(GeneratedRun run) {
        long events = 1 + (run.stateHistory().size() - 1) + run.tasks().size() + (run.metrics().isEmpty() ? 0 : 1)
                + (run.storageState() == StorageState.ARCHIVED ? 1 : 0);
        return events - 1;
    }

    /** The sequence number of the task's TaskCreated: after RunCreated and, for a run that started, RUNNING. */
    static long taskVersion(GeneratedRun run, GeneratedTask task) {
        return (run.stateHistory().size() > 1 ? 2 : 1) + run.tasks().indexOf(task);
    }

    static RunListRecord runList(GeneratedRun run) {
        RunListRecord row = new RunListRecord();
        row.setRunId(run.runId());
        row.setNamespace(run.namespace());
        row.setExperimentId(run.experimentId());
        row.setDisplayName(run.displayName());
        row.setDisplayNameKey(NameKey.of(run.displayName()));
        row.setDescription(run.description());
        row.setState(run.state().name());
        row.setStorageState(run.storageState().name());
        row.setCreatedAt(EpochMicros.of(run.createdAt()));
        row.setScheduledAt(EpochMicros.of(run.scheduledAt()));
        row.setFinishedAt(EpochMicros.of(run.finishedAt()));
        row.setRecurringRunId("");
        row.setPipelineId(run.pipeline().pipelineId());
        row.setPipelineVersionId(run.pipeline().pipelineVersionId());
        row.setServiceAccount(run.serviceAccount());
        row.setTaskCount(run.tasks().size());
        row.setError(run.error() == null ? null : json(status(run.error())));
        row.setResourceReferences(json(resourceReferences(run)));
        row.setTaskSummary(json(taskSummary(run)));
        row.setMetrics(json(metrics(run)));
        row.setStateHistory(json(stateHistory(run.stateHistory())));
        row.setVersion(version(run));
        return row;
    }

    static RunDetailRecord runDetail(GeneratedRun run) {
        RunDetailRecord row = new RunDetailRecord();
        row.setRunId(run.runId());
        row.setPipelineSpec(ManifestText.pipelineSpec(run));
        ObjectNode runtimeConfig = NODES.objectNode();
        runtimeConfig.set("parameters", run.runtimeConfig().parameters());
        runtimeConfig.put("pipeline_root", run.runtimeConfig().pipelineRoot());
        row.setRuntimeConfig(json(runtimeConfig));
        row.setVersion(0L);
        return row;
    }

    static RunTaskRecord runTask(GeneratedRun run, GeneratedTask task) {
        TaskDetails details = task.details();
        RunTaskRecord row = new RunTaskRecord();
        row.setRunId(run.runId());
        row.setTaskId(task.taskId());
        row.setNamespace(run.namespace());
        row.setName(details.name());
        row.setNameKey(NameKey.of(details.name()));
        row.setDisplayName(details.displayName());
        row.setDisplayNameKey(NameKey.of(details.displayName()));
        row.setParentTaskId(details.parentTaskId());
        row.setType(details.type().name());
        row.setState(details.state().name());
        row.setCacheFingerprint(details.cacheFingerprint());
        row.setCreateTime(EpochMicros.of(details.createTime()));
        row.setEndTime(EpochMicros.of(details.endTime()));
        row.setTask(json(pipelineTask(run, task)));
        row.setVersion(taskVersion(run, task));
        return row;
    }

    static RunMetricRecord runMetric(GeneratedRun run, RunMetric metric) {
        RunMetricRecord row = new RunMetricRecord();
        row.setRunId(run.runId());
        row.setName(metric.name());
        row.setNodeId(metric.nodeId());
        row.setNumberValue(metric.numberValue());
        row.setFormat(metric.format().name());
        row.setNamespace(run.namespace());
        row.setExperimentId(run.experimentId());
        row.setStorageState(run.storageState().name());
        return row;
    }

    private static ArrayNode resourceReferences(GeneratedRun run) {
        ArrayNode references = NODES.arrayNode();
        reference(references, "NAMESPACE", run.namespace(), "OWNER");
        reference(references, "EXPERIMENT", run.experimentId(), "OWNER");
        reference(references, "PIPELINE_VERSION", run.pipeline().pipelineVersionId(), "CREATOR");
        return references;
    }

    private static void reference(ArrayNode references, String type, String id, String relationship) {
        ObjectNode reference = references.addObject();
        reference.putObject("key").put("type", type).put("id", id);
        reference.put("relationship", relationship);
    }

    private static ObjectNode taskSummary(GeneratedRun run) {
        Map<String, Integer> byState = new TreeMap<>();
        run.tasks().forEach(task -> byState.merge(task.details().state().name(), 1, Integer::sum));
        ObjectNode summary = NODES.objectNode();
        summary.put("task_count", run.tasks().size());
        ObjectNode counts = summary.putObject("by_state");
        byState.forEach(counts::put);
        return summary;
    }

    private static ArrayNode metrics(GeneratedRun run) {
        ArrayNode metrics = NODES.arrayNode();
        for (RunMetric metric : run.metrics()) {
            metrics.addObject().put("name", metric.name()).put("node_id", metric.nodeId())
                    .put("number_value", metric.numberValue()).put("format", metric.format().name());
        }
        return metrics;
    }

    private static ArrayNode stateHistory(List<StateChange> history) {
        ArrayNode entries = NODES.arrayNode();
        for (StateChange change : history) {
            ObjectNode entry = entries.addObject();
            entry.put("update_time", change.updateTime().toString());
            entry.put("state", change.state().name());
            if (change.error() != null) {
                entry.set("error", status(change.error()));
            }
        }
        return entries;
    }

    private static ObjectNode status(RpcStatus error) {
        ObjectNode status = NODES.objectNode();
        status.put("code", error.code());
        status.put("message", error.message());
        return status;
    }

    /** The whole KFP v2beta1 PipelineTask, as the run_task.task column holds it. */
    private static ObjectNode pipelineTask(GeneratedRun run, GeneratedTask task) {
        TaskDetails details = task.details();
        ObjectNode json = NODES.objectNode();
        json.put("task_id", task.taskId());
        json.put("run_id", run.runId());
        json.put("name", details.name());
        json.put("display_name", details.displayName());
        json.put("parent_task_id", details.parentTaskId());
        json.put("type", details.type().name());
        json.put("state", details.state().name());
        ArrayNode history = json.putArray("state_history");
        history.addObject().put("update_time", timestamp(details.createTime())).put("state", details.state().name());
        ArrayNode pods = json.putArray("pods");
        for (TaskPod pod : details.pods()) {
            pods.addObject().put("name", pod.name()).put("uid", pod.uid()).put("type", pod.type().name());
        }
        json.put("cache_fingerprint", details.cacheFingerprint());
        json.put("create_time", timestamp(details.createTime()));
        if (details.endTime() != null) {
            json.put("end_time", timestamp(details.endTime()));
        }
        json.set("inputs", details.inputs());
        json.set("outputs", details.outputs());
        return json;
    }

    private static String timestamp(Instant instant) {
        return instant.toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write read-model JSON", e);
        }
    }
}
