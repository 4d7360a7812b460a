package io.runstore.command.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.runstore.events.task.ChildTask;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskStatusMetadata;
import io.runstore.events.task.TaskType;
import io.runstore.events.task.TaskTypeAttributes;

import java.time.Instant;
import java.util.List;

/**
 * A KFP v2beta1 PipelineTask as the command API returns it after a write: the task as the run now holds it.
 * ({@code state_history} is built from the events by the query side.)
 */
record TaskResponse(
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
        TaskType type,
        TaskTypeAttributes typeAttributes,
        String parentTaskId,
        List<ChildTask> childTasks,
        JsonNode inputs,
        JsonNode outputs,
        String scopePath) {

    static TaskResponse of(String runId, String taskId, TaskDetails task) {
        return new TaskResponse(task.name(), task.displayName(), taskId, runId, task.pods(), task.cacheFingerprint(),
                task.createTime(), task.endTime(), task.state(), task.statusMetadata(), task.type(),
                task.typeAttributes(), task.parentTaskId(), task.childTasks(), task.inputs(), task.outputs(),
                task.scopePath() == null ? null : String.join(".", task.scopePath()));
    }
}
