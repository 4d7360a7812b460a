package io.runstore.command.experiment;

import io.runstore.command.run.Written;

/** An experiment command's answer: the experiment's last event (the consistency token) and what a run needs of it. */
public record ExperimentWritten(String runId, long sequence, String namespace, String displayName, String description,
                                String storageState, java.time.Instant createdAt) implements Written {

    public String experimentId() {
        return runId;
    }
}
