package io.runstore.events.task;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An executor created a task of the run. */
@Revision("1")
public record TaskCreated(String runId, String taskId, TaskDetails task, Instant createdAt) {
}
