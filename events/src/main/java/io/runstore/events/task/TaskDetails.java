package io.runstore.events.task;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * What an executor reports of a task. In {@link TaskCreated} it is the whole task; in {@link TaskUpdated} only the
 * non-null fields changed (PATCH semantics). {@code inputs} and {@code outputs} are KFP
 * {@code PipelineTask.InputOutputs} JSON objects.
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
}
