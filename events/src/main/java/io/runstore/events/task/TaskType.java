package io.runstore.events.task;

/** KFP {@code PipelineTask.TaskType}. */
public enum TaskType {
    TASK_TYPE_UNSPECIFIED,
    ROOT,
    RUNTIME,
    CONDITION_BRANCH,
    CONDITION,
    LOOP,
    EXIT_HANDLER,
    IMPORTER,
    DAG
}
