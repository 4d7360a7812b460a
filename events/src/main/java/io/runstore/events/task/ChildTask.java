package io.runstore.events.task;

/** A task that depends on another one. */
public record ChildTask(String taskId, String name) {
}
