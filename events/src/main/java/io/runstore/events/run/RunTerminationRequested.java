package io.runstore.events.run;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Termination of a non-terminal run was requested: the run is now CANCELING. */
@Revision("1")
public record RunTerminationRequested(String runId, Instant requestedAt) {
}
