package io.runstore.command.task;

import io.runstore.command.config.Written;
import io.runstore.events.task.TaskDetails;

/** The result of creating or updating one task: the task as it is now. */
public record TaskWritten(String runId, long sequence, String taskId, TaskDetails task) implements Written {
}
