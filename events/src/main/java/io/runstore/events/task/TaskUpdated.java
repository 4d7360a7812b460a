package io.runstore.events.task;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An executor changed the non-null fields of {@code changes} on an existing task of the run. */
@Revision("1")
public record TaskUpdated(String runId, String taskId, TaskDetails changes, Instant updatedAt) {
}
