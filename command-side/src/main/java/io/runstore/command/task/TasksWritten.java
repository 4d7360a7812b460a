package io.runstore.command.task;

import io.runstore.command.config.Written;
import io.runstore.events.task.TaskDetails;

import java.util.Map;

/** The result of a batch update: every task of the batch as it is now, by task id. */
public record TasksWritten(String runId, long sequence, Map<String, TaskDetails> tasks) implements Written {
}
