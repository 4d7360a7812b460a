package io.runstore.events.run;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The run was deleted: it disappears from every read; its events stay in the log. */
@Revision("1")
public record RunDeleted(String runId, Instant deletedAt) {
}
