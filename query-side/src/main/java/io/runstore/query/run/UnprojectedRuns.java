package io.runstore.query.run;

import io.runstore.eventstore.RunHistory;
import io.runstore.query.consistency.ConsistencyWait;

/**
 * Runs the event log has but the read tables do not have yet: a GetRun right after CreateRun (from a client that sends
 * no consistency token) waits for the projection instead of answering 404, as KFP, which writes and reads one
 * database synchronously, would have found the run. The same holds for experiments, which share the event log.
 */
public final class UnprojectedRuns {

    private final RunHistory history;
    private final ConsistencyWait wait;

    public UnprojectedRuns(RunHistory history, ConsistencyWait wait) {
        this.history = history;
        this.wait = wait;
    }

    /**
     * Whether the run exists in the event log and the projection applied its creation (or its deletion) within the
     * configured wait; false at once for a run the log does not have.
     */
    public boolean awaitProjected(String runId) {
        return history.first(runId).isPresent() && wait.reached(runId, 0);
    }
}
