package io.runstore.query;

import java.util.Map;

/** A run as the projector would have written it, for tests that fill the read tables directly. */
public record FixtureRun(String runId, String namespace, String experimentId, String displayName, String description,
                         String state, String storageState, long createdAt, long scheduledAt, long finishedAt,
                         String recurringRunId, String pipelineId, Map<String, Double> metrics) {
}
