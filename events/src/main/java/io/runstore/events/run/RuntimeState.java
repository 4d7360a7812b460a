package io.runstore.events.run;

/** KFP v2beta1 {@code RuntimeState} of a run. */
public enum RuntimeState {
    RUNTIME_STATE_UNSPECIFIED,
    PENDING,
    RUNNING,
    SUCCEEDED,
    SKIPPED,
    FAILED,
    CANCELING,
    CANCELED,
    PAUSED;

    /** SUCCEEDED, SKIPPED, FAILED and CANCELED are final: only a retry leaves them. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == SKIPPED || this == FAILED || this == CANCELED;
    }
}
