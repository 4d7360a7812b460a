package io.runstore.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.runstore.api.StorableValues;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.ServerClock;
import io.runstore.events.task.ChildTask;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskStatusMetadata;
import io.runstore.events.task.TaskType;
import io.runstore.events.task.TaskTypeAttributes;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A KFP v2beta1 PipelineTask as an executor sends it, to create a task or to change the fields it carries (absent
 * fields stay as they are). Output-only fields (state_history) are ignored; run_id and task_id, when present, must
 * name the run and task of the path. {@code scope_path} is the contract's dotted string ("root.train").
 */
record TaskRequest(
        String name,
        String displayName,
        String taskId,
        String runId,
        List<TaskPod> pods,
        String cacheFingerprint,
        Instant createTime,
        Instant endTime,
        TaskState state,
        TaskStatusMetadata statusMetadata,
        JsonNode stateHistory,
        TaskType type,
        TaskTypeAttributes typeAttributes,
        String parentTaskId,
        List<ChildTask> childTasks,
        JsonNode inputs,
        JsonNode outputs,
        String scopePath) {

    /**
     * Checks every field and returns what the task becomes (or which fields change); a problem is a 400 naming the
     * field, prefixed with {@code field} (empty for a single task, {@code tasks[<id>].} in a batch).
     */
    TaskDetails toDetails(String pathRunId, String pathTaskId, String field) {
        if (runId != null && !runId.isEmpty() && !runId.equals(pathRunId)) {
            throw invalid(field + "run_id: '" + runId + "' is not the run of the path (" + pathRunId + ")");
        }
        if (pathTaskId != null && taskId != null && !taskId.isEmpty() && !taskId.equals(pathTaskId)) {
            throw invalid(field + "task_id: '" + taskId + "' is not the task of the path (" + pathTaskId + ")");
        }
        requireLength(field + "name", name, 255);
        requireLength(field + "display_name", displayName, 255);
        requireLength(field + "cache_fingerprint", cacheFingerprint, 255);
        requireLength(field + "parent_task_id", parentTaskId, 64);
        requireStorable(field + "create_time", createTime);
        requireStorable(field + "end_time", endTime);
        requireObject(field + "inputs", inputs);
        requireObject(field + "outputs", outputs);
        if (statusMetadata != null) {
            requireObject(field + "status_metadata.custom_properties", statusMetadata.customProperties());
        }
        if (pods != null && pods.contains(null)) {
            throw invalid(field + "pods: an entry is null");
        }
        if (childTasks != null && childTasks.contains(null)) {
            throw invalid(field + "child_tasks: an entry is null");
        }
        List<String> scope = scopePath == null ? null
                : scopePath.isEmpty() ? List.of() : Arrays.asList(scopePath.split("\\.", -1));
        return new TaskDetails(name, displayName, parentTaskId, type, typeAttributes, state, pods, cacheFingerprint,
                ServerClock.micros(createTime), ServerClock.micros(endTime), statusMetadata, inputs, outputs,
                childTasks, scope);
    }

    private static void requireLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw invalid(field + ": at most " + max + " characters");
        }
    }

    private static void requireStorable(String field, Instant time) {
        String problem = StorableValues.timeProblem(time);
        if (problem != null) {
            throw invalid(field + ": " + problem);
        }
    }

    private static void requireObject(String field, JsonNode value) {
        if (value != null && !value.isNull() && !value.isObject()) {
            throw invalid(field + ": wrong type, expected an object");
        }
    }

    private static CommandRejectedException invalid(String message) {
        return CommandRejectedException.invalidArgument(message);
    }
}
