package io.runstore.events.experiment;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The experiment was deleted; its runs stay (KFP keeps them too). */
@Revision("1")
public record ExperimentDeleted(String experimentId, Instant deletedAt) {
}
