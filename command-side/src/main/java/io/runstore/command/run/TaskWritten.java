package io.runstore.command.run;

import io.runstore.api.task.Task;

/** The result of creating or updating one task: the task as it is now. */
public record TaskWritten(String runId, long sequence, String taskId, Task task) implements Written {
}
