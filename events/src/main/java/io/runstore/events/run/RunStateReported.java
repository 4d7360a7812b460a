package io.runstore.events.run;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An executor reported the run's state (and possibly an error) as of {@code updateTime}. */
@Revision("1")
public record RunStateReported(String runId, RuntimeState state, RpcStatus error, Instant updateTime) {
}
