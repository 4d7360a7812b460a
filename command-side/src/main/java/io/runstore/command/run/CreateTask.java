package io.runstore.command.run;

import io.runstore.events.task.TaskDetails;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Create a task of a run under a server-chosen id. */
public record CreateTask(@TargetAggregateIdentifier String runId, String taskId, TaskDetails task, Instant at) {
}
