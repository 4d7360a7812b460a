package io.runstore.events.experiment;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The experiment's storage state became ARCHIVED. */
@Revision("1")
public record ExperimentArchived(String experimentId, Instant archivedAt) {
}
