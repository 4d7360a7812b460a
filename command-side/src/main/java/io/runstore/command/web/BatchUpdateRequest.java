package io.runstore.command.web;

import io.runstore.api.ErrorCode;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.UpdateTasks;
import io.runstore.events.task.TaskDetails;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of {@code tasks:batchUpdate}: task id to the fields that change, at most {@value #MAX_TASKS} tasks. */
record BatchUpdateRequest(Map<String, TaskRequest> tasks) {

    static final int MAX_TASKS = 1000;

    UpdateTasks toCommand(String runId, Instant at) {
        if (tasks == null || tasks.isEmpty()) {
            throw CommandRejectedException.invalidArgument("tasks: at least one task is required");
        }
        if (tasks.size() > MAX_TASKS) {
            throw new CommandRejectedException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "tasks: at most " + MAX_TASKS + " tasks per batch, got " + tasks.size());
        }
        Map<String, TaskDetails> changes = new LinkedHashMap<>();
        tasks.forEach((taskId, task) -> {
            if (taskId.isBlank()) {
                throw CommandRejectedException.invalidArgument("tasks: a task id is empty");
            }
            if (task == null) {
                throw CommandRejectedException.invalidArgument("tasks[" + taskId + "]: wrong type, expected an object");
            }
            changes.put(taskId, task.toDetails(runId, taskId, "tasks[" + taskId + "]."));
        });
        return new UpdateTasks(runId, changes, at);
    }
}
