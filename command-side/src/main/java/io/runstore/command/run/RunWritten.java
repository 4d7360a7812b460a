package io.runstore.command.run;

import io.runstore.command.config.Written;

/** The result of a run command: the sequence number of the run's last event after it. */
record RunWritten(String runId, long sequence) implements Written {
}
