package io.runstore.events.run;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The run's storage state became AVAILABLE again. */
@Revision("1")
public record RunUnarchived(String runId, Instant unarchivedAt) {
}
