package io.runstore.command.run;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Make an archived run AVAILABLE again (no change when it already is). */
public record UnarchiveRun(@TargetAggregateIdentifier String runId, Instant at) {
}
