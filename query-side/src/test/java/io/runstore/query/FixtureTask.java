package io.runstore.query;

/** A task as the projector would have written it. */
public record FixtureTask(String runId, String taskId, String namespace, String name, String displayName,
                          String parentTaskId, String type, String state, String cacheFingerprint, long createTime,
                          long endTime) {
}
