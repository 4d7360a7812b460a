package io.runstore.security;

/**
 * What a principal may do in a namespace. A user reads and writes; an executor (KFP's persistence agent, drivers and
 * launchers) reports run state, tasks and metrics; an admin reaches the operator endpoints (health details, metrics).
 */
public enum Role {
    /** ListRuns, GetRun, tasks, experiments, a run's history. */
    READ,
    /** CreateRun, archive, unarchive, terminate, retry, delete; experiments. */
    WRITE,
    /** Run state, tasks, metrics, workflow reports: what executors write (and the task reads they need). */
    EXECUTE,
    /** Operator endpoints: health details, metrics; replay, rebuild and import endpoints to come. */
    ADMIN
}
