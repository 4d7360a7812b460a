package io.runstore.events.task;

/** KFP {@code PipelineTask.TaskState}. */
public enum TaskState {
    RUNTIME_STATE_UNSPECIFIED,
    RUNNING,
    SUCCEEDED,
    SKIPPED,
    FAILED,
    CACHED;

    /** A finished task never goes back to RUNNING. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == SKIPPED || this == FAILED || this == CACHED;
    }
}
