-- ML Metadata ids (int64) of a run's MLMD objects, which the query side answers KFP's UI with over gRPC-web: the
-- run's context (task_id '') and one execution per task. The id is the event log position of the event that created
-- the run (RunCreated) or the task (TaskCreated): unique, stable across a rebuild of the read tables, and far below
-- 2^53, so that KFP's UI (int64 as JavaScript numbers) reads it exactly. Written by the run-list projector, removed
-- with the run. Runs projected before this table existed have no rows here until the read tables are rebuilt.
CREATE TABLE mlmd_object (
    mlmd_id BIGINT      NOT NULL,
    run_id  VARCHAR(64) NOT NULL,
    task_id VARCHAR(64) NOT NULL,
    CONSTRAINT pk_mlmd_object PRIMARY KEY (mlmd_id)
);
CREATE UNIQUE INDEX ux_mlmd_object_run ON mlmd_object (run_id, task_id);
