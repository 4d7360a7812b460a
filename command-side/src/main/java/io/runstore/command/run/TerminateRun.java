package io.runstore.command.run;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Ask a run that has not finished to stop: it becomes CANCELING. */
public record TerminateRun(@TargetAggregateIdentifier String runId, Instant at) {
}
