package io.runstore.command.run;

import io.runstore.events.task.TaskDetails;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/** Change many tasks of one run at once: all of them or none (one aggregate load, one transaction). */
public record UpdateTasks(@TargetAggregateIdentifier String runId, Map<String, TaskDetails> changes, Instant at) {
}
