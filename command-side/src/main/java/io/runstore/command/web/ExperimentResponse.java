package io.runstore.command.web;

import io.runstore.command.experiment.ExperimentWritten;

import java.time.Instant;

/** KFP's v2beta1 Experiment as a write answers it. */
record ExperimentResponse(String experimentId, String displayName, String description, Instant createdAt,
                          String namespace, String storageState) {

    static ExperimentResponse of(ExperimentWritten written) {
        return new ExperimentResponse(written.experimentId(), written.displayName(), written.description(),
                written.createdAt(), written.namespace(), written.storageState());
    }
}
