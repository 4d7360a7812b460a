package io.runstore.command.run;

import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RuntimeState;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** An executor reports the run's state (and possibly an error) as of {@code updateTime}. */
public record ReportRunState(@TargetAggregateIdentifier String runId, RuntimeState state, RpcStatus error,
                      Instant updateTime) {
}
