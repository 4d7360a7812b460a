package io.runstore.command.run;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delete a run: it disappears from reads, its events stay, and further commands on it find nothing. */
public record DeleteRun(@TargetAggregateIdentifier String runId, Instant at) {
}
