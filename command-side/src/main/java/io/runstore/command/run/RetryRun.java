package io.runstore.command.run;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Re-open a FAILED or CANCELED run: it becomes PENDING, and its failed and skipped tasks may run again. */
public record RetryRun(@TargetAggregateIdentifier String runId, Instant at) {
}
