package io.runstore.events.task;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * What an executor reports of a task. In {@link TaskCreated} it is the whole task; in {@link TaskUpdated} only the
 * non-null fields changed. {@code inputs} and {@code outputs} are KFP {@code PipelineTask.InputOutputs} JSON objects.
 */
public record TaskDetails(
        String name,
        String displayName,
        String parentTaskId,
        TaskType type,
        TaskTypeAttributes typeAttributes,
        TaskState state,
        List<TaskPod> pods,
        String cacheFingerprint,
        Instant createTime,
        Instant endTime,
        TaskStatusMetadata statusMetadata,
        JsonNode inputs,
        JsonNode outputs,
        List<ChildTask> childTasks,
        List<String> scopePath) {

    /** This task with every non-null field of {@code changes} applied: PATCH semantics. */
    public TaskDetails mergedWith(TaskDetails changes) {
        return new TaskDetails(
                pick(changes.name, name),
                pick(changes.displayName, displayName),
                pick(changes.parentTaskId, parentTaskId),
                pick(changes.type, type),
                pick(changes.typeAttributes, typeAttributes),
                pick(changes.state, state),
                pick(changes.pods, pods),
                pick(changes.cacheFingerprint, cacheFingerprint),
                pick(changes.createTime, createTime),
                pick(changes.endTime, endTime),
                pick(changes.statusMetadata, statusMetadata),
                pick(changes.inputs, inputs),
                pick(changes.outputs, outputs),
                pick(changes.childTasks, childTasks),
                pick(changes.scopePath, scopePath));
    }

    private static <T> T pick(T changed, T current) {
        return changed != null ? changed : current;
    }
}
