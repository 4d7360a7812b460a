package io.runstore.events.run;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A FAILED or CANCELED run was re-opened: it is PENDING again and no longer finished. */
@Revision("1")
public record RunRetried(String runId, Instant retriedAt) {
}
