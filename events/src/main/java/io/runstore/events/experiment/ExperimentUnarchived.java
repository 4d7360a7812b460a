package io.runstore.events.experiment;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The experiment's storage state became AVAILABLE again. */
@Revision("1")
public record ExperimentUnarchived(String experimentId, Instant unarchivedAt) {
}
