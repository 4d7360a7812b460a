package io.runstore.command.run;

import io.runstore.api.task.Task;

import java.util.Map;

/** The result of a batch update: every task of the batch as it is now, by task id. */
public record TasksWritten(String runId, long sequence, Map<String, Task> tasks) implements Written {
}
