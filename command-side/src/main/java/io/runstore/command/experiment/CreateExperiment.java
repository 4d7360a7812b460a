package io.runstore.command.experiment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Create an experiment. With {@code ifMissing} (a namespace's Default experiment, whose id is derived from the
 * namespace) an experiment that exists already is answered as it is.
 */
public record CreateExperiment(@TargetAggregateIdentifier String experimentId, String namespace, String displayName,
                               String description, boolean ifMissing, Instant at) {
}
