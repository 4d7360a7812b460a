package io.runstore.command.run;


/** The result of a run command: the sequence number of the run's last event after it. */
public record RunWritten(String runId, long sequence) implements Written {
}
