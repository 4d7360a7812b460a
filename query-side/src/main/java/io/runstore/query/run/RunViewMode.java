package io.runstore.query.run;

/** KFP's view parameter of ListRuns and GetRun: FULL adds the run's tasks. */
public enum RunViewMode {
    DEFAULT,
    FULL
}
