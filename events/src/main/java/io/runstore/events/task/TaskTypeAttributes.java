package io.runstore.events.task;

/** Attributes that apply to some task types only (loop iterations, importers). */
public record TaskTypeAttributes(Long iterationIndex, Long iterationCount, Boolean downloadToWorkspace) {
}
