package io.runstore.command.experiment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Archive, unarchive, delete an experiment, or only describe it ({@code RESOLVE}: what a run created in it needs). */
public record ChangeExperiment(@TargetAggregateIdentifier String experimentId, Change change, Instant at) {

    public enum Change {
        ARCHIVE,
        UNARCHIVE,
        DELETE,
        RESOLVE
    }
}
