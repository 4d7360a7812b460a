package io.runstore.testsupport.listruns;

import java.time.Instant;

/** A run's place in created_at order: its sort value and its id, the tie-breaker. */
public record RunPosition(Instant createdAt, String runId) {
}
