package io.runstore.command.experiment;

import java.util.List;

/** The runs of an experiment that are not archived, as the read tables know them (the server wires the reader). */
public interface ExperimentRuns {

    List<String> availableRunIds(String experimentId);
}
