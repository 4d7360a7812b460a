package io.runstore.command.run;

import io.runstore.events.task.TaskDetails;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Change the non-null fields of {@code changes} on an existing task of the run. */
public record UpdateTask(@TargetAggregateIdentifier String runId, String taskId, TaskDetails changes, Instant at) {
}
