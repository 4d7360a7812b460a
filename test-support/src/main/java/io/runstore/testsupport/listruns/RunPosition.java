package io.runstore.testsupport.listruns;

import java.time.Instant;

/** A run's place in a listing: the values it can be sorted on (created_at, display name), its id breaking ties. */
public record RunPosition(Instant createdAt, String displayName, String runId) {
}
