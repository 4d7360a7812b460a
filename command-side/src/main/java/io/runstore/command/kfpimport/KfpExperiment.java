package io.runstore.command.kfpimport;

import io.runstore.events.run.StorageState;

import java.time.Instant;

/** One experiment as a KFP database holds it (a row of experiments). */
record KfpExperiment(String experimentId, String namespace, String displayName, String description,
                     Instant createdAt, StorageState storageState) {
}
