package io.runstore.events.task;

/** A Kubernetes pod that ran (part of) a task. */
public record TaskPod(String name, String uid, PodType type) {

    /** KFP {@code PipelineTask.TaskPodType}. */
    public enum PodType {
        UNSPECIFIED,
        DRIVER,
        EXECUTOR
    }
}
