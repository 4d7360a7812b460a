package io.runstore.api.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.runstore.events.task.ChildTask;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskStatusMetadata;
import io.runstore.events.task.TaskType;
import io.runstore.events.task.TaskTypeAttributes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A KFP v2beta1 PipelineTask as the API answers it, in every answer: a task write (POST, PATCH, batchUpdate), GetTask,
 * ListTasks, GetRun FULL (the projector stores this record as {@code run_task.task}). Rendered snake_case with absent
 * fields left out; {@code scope_path} is the contract's dotted string.
 */
public record Task(
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
        List<TaskStatus> stateHistory,
        TaskType type,
        TaskTypeAttributes typeAttributes,
        String parentTaskId,
        List<ChildTask> childTasks,
        JsonNode inputs,
        JsonNode outputs,
        String scopePath) {

    /** One entry of a task's {@code state_history}. */
    public record TaskStatus(Instant updateTime, TaskState state) {
    }

    /** A task as created at {@code at}: its state, if it has one, starts the history. */
    public static Task created(String runId, String taskId, TaskDetails task, Instant at) {
        List<TaskStatus> history = task.state() == null ? List.of() : List.of(new TaskStatus(at, task.state()));
        return new Task(task.name(), task.displayName(), taskId, runId, task.pods(), task.cacheFingerprint(),
                task.createTime(), task.endTime(), task.state(), task.statusMetadata(), history, task.type(),
                task.typeAttributes(), task.parentTaskId(), task.childTasks(), task.inputs(), task.outputs(),
                scopePath(task.scopePath()));
    }

    /**
     * This task with every non-null field of {@code changes} applied (PATCH semantics), a change of state added to the
     * history at {@code at}. The one merge of task changes: the Run aggregate decides with it, the projector stores it.
     */
    public Task updated(TaskDetails changes, Instant at) {
        List<TaskStatus> history = stateHistory == null ? new ArrayList<>() : new ArrayList<>(stateHistory);
        if (changes.state() != null && changes.state() != state) {
            history.add(new TaskStatus(at, changes.state()));
        }
        return new Task(pick(changes.name(), name), pick(changes.displayName(), displayName), taskId, runId,
                pick(changes.pods(), pods), pick(changes.cacheFingerprint(), cacheFingerprint),
                pick(changes.createTime(), createTime), pick(changes.endTime(), endTime), pick(changes.state(), state),
                pick(changes.statusMetadata(), statusMetadata), history, pick(changes.type(), type),
                pick(changes.typeAttributes(), typeAttributes), pick(changes.parentTaskId(), parentTaskId),
                pick(changes.childTasks(), childTasks), pick(changes.inputs(), inputs), pick(changes.outputs(), outputs),
                pick(scopePath(changes.scopePath()), scopePath));
    }

    private static String scopePath(List<String> path) {
        return path == null ? null : String.join(".", path);
    }

    private static <T> T pick(T changed, T current) {
        return changed != null ? changed : current;
    }
}
