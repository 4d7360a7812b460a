package io.runstore.command.run;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Archive a run: its storage state becomes ARCHIVED (no change when it already is). */
public record ArchiveRun(@TargetAggregateIdentifier String runId, Instant at) {
}
