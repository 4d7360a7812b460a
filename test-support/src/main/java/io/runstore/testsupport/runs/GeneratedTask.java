package io.runstore.testsupport.runs;

import io.runstore.events.task.TaskDetails;

/** A task of a generated run, in the event vocabulary's terms (what an executor reports when it creates it). */
public record GeneratedTask(String taskId, TaskDetails details) {
}
