package io.runstore.command.run;

/** What every command handler returns: the run it wrote to and the sequence number of the run's last event after it. */
public interface Written {

    String runId();

    long sequence();
}
