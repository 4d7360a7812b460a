package io.runstore.events.run;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The run's storage state became ARCHIVED. */
@Revision("1")
public record RunArchived(String runId, Instant archivedAt) {
}
