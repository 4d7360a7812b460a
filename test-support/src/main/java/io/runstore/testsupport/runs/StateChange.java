package io.runstore.testsupport.runs;

import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RuntimeState;

import java.time.Instant;

/** One entry of a run's state history; {@code error} is set on a FAILED entry only. */
public record StateChange(Instant updateTime, RuntimeState state, RpcStatus error) {
}
