package io.runstore.command.run;

import io.runstore.events.run.RuntimeState;

/**
 * The order in which a workflow moves a run through its states: PENDING, then RUNNING (or PAUSED), then CANCELING,
 * then a final state. A workflow report only ever moves a run forward in it; a final state is never left (only a
 * retry of the run, a command of its own, re-opens it).
 */
final class WorkflowStates {

    private WorkflowStates() {
    }

    /** Whether {@code reported} is further along than {@code current} (null: the run has no state yet). */
    static boolean isLater(RuntimeState reported, RuntimeState current) {
        if (reported == null || reported == current) {
            return false;
        }
        return current == null || stage(reported) > stage(current);
    }

    private static int stage(RuntimeState state) {
        return switch (state) {
            case RUNTIME_STATE_UNSPECIFIED -> 0;
            case PENDING -> 1;
            case RUNNING, PAUSED -> 2;
            case CANCELING -> 3;
            case SUCCEEDED, SKIPPED, FAILED, CANCELED -> 4;
        };
    }
}
