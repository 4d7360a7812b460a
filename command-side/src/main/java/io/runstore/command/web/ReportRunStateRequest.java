package io.runstore.command.web;

import io.runstore.api.StorableValues;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.ReportRunState;
import io.runstore.command.run.ServerClock;
import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RuntimeState;

import java.time.Instant;

/**
 * The body of {@code POST /apis/v2beta1/runs/{run_id}:reportState} (runstore's addition to KFP): the state an
 * executor observed, the error if any (a google.rpc.Status) and when it was observed (default: now).
 */
record ReportRunStateRequest(RuntimeState state, RpcStatus error, Instant updateTime) {

    ReportRunState toCommand(String runId) {
        if (state == null || state == RuntimeState.RUNTIME_STATE_UNSPECIFIED) {
            throw CommandRejectedException.invalidArgument("state is required");
        }
        if (error != null && error.details() != null && !error.details().isArray() && !error.details().isNull()) {
            throw CommandRejectedException.invalidArgument("error.details: wrong type, expected an array");
        }
        String problem = StorableValues.timeProblem(updateTime);
        if (problem != null) {
            throw CommandRejectedException.invalidArgument("update_time: " + problem);
        }
        Instant time = updateTime == null ? ServerClock.now() : ServerClock.micros(updateTime);
        return new ReportRunState(runId, state, error, time);
    }
}
