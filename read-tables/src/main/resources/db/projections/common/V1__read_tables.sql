-- Read tables, written only by projectors. Portable DDL: the same statements run on PostgreSQL and MySQL/MariaDB;
-- vendor-only adjustments (binary collation, long text types) follow in V1_1 under postgresql/ and mysql/.
-- Timestamps are epoch microseconds (UTC) in BIGINT columns; 0 means "not set", as KFP stores them.
-- JSON columns hold the pre-aggregated parts of a run as the API renders them (snake_case field names, enum names,
-- RFC 3339 UTC timestamps), so the query side passes them through unparsed:
--   run_list.error               google.rpc.Status {"code": 2, "message": "...", "details": [...]} or NULL
--   run_list.state_history       [{"update_time": "...", "state": "PENDING", "error": {...}?}, ...] oldest first
--   run_list.task_summary        {"task_count": 20, "by_state": {"RUNNING": 2, "SUCCEEDED": 18}}
--   run_list.metrics             KFP v1 RunMetric list in report order:
--                                [{"name": "accuracy", "node_id": "train-1", "number_value": 0.91, "format": "RAW"}]
--   run_list.resource_references KFP v1 references, only those set:
--                                [{"key": {"type": "NAMESPACE", "id": "team-a"}, "relationship": "OWNER"},
--                                 {"key": {"type": "EXPERIMENT", "id": "exp-1"}, "relationship": "OWNER"},
--                                 {"key": {"type": "PIPELINE_VERSION", "id": "v-1"}, "relationship": "CREATOR"}]
--   run_detail.pipeline_spec     the pipeline spec object as created; runtime_config {"parameters": {...},
--                                "pipeline_root": "..."}; plugins_input / plugins_output objects; NULL when absent
--   run_task.task                the whole KFP v2beta1 PipelineTask (task_id, run_id, state_history, pods, inputs, ...)

-- One narrow row per run: every KFP filter and sort key typed, no manifests, no pipeline spec.
CREATE TABLE run_list (
    run_id              VARCHAR(64)  NOT NULL,
    namespace           VARCHAR(63)  NOT NULL,
    experiment_id       VARCHAR(64)  NOT NULL,
    display_name        VARCHAR(255) NOT NULL,
    description         TEXT         NOT NULL,
    state               VARCHAR(32)  NOT NULL,
    storage_state       VARCHAR(32)  NOT NULL,
    created_at          BIGINT       NOT NULL,
    scheduled_at        BIGINT       NOT NULL,
    finished_at         BIGINT       NOT NULL,
    recurring_run_id    VARCHAR(64)  NOT NULL,
    pipeline_id         VARCHAR(64)  NOT NULL,
    pipeline_version_id VARCHAR(64)  NOT NULL,
    service_account     VARCHAR(255) NOT NULL,
    task_count          INTEGER      NOT NULL,
    error               TEXT,
    resource_references TEXT         NOT NULL,
    task_summary        TEXT         NOT NULL,
    metrics             TEXT         NOT NULL,
    state_history       TEXT         NOT NULL,
    version             BIGINT       NOT NULL,
    CONSTRAINT pk_run_list PRIMARY KEY (run_id)
);

-- The supported ListRuns matrix: scope (namespace | experiment) x storage_state (equality; NOT_EQUALS ARCHIVED is
-- rewritten to EQUALS AVAILABLE) x optional state EQUALS x sort key, asc or desc, keyset-paged with run_id as the
-- tie-breaker. Each query is a range scan of one of these indexes, read forward or backward, with no sort step.
-- (scope, storage_state, state, run_id) serves three cases: sort by state; sort by run_id or by state under a state filter.
CREATE INDEX ix_run_list_ns_created       ON run_list (namespace, storage_state, created_at, run_id);
CREATE INDEX ix_run_list_ns_finished      ON run_list (namespace, storage_state, finished_at, run_id);
CREATE INDEX ix_run_list_ns_scheduled     ON run_list (namespace, storage_state, scheduled_at, run_id);
CREATE INDEX ix_run_list_ns_name          ON run_list (namespace, storage_state, display_name, run_id);
CREATE INDEX ix_run_list_ns_run           ON run_list (namespace, storage_state, run_id);
CREATE INDEX ix_run_list_ns_state         ON run_list (namespace, storage_state, state, run_id);
CREATE INDEX ix_run_list_ns_st_created    ON run_list (namespace, storage_state, state, created_at, run_id);
CREATE INDEX ix_run_list_ns_st_finished   ON run_list (namespace, storage_state, state, finished_at, run_id);
CREATE INDEX ix_run_list_ns_st_scheduled  ON run_list (namespace, storage_state, state, scheduled_at, run_id);
CREATE INDEX ix_run_list_ns_st_name       ON run_list (namespace, storage_state, state, display_name, run_id);
CREATE INDEX ix_run_list_exp_created      ON run_list (experiment_id, storage_state, created_at, run_id);
CREATE INDEX ix_run_list_exp_finished     ON run_list (experiment_id, storage_state, finished_at, run_id);
CREATE INDEX ix_run_list_exp_scheduled    ON run_list (experiment_id, storage_state, scheduled_at, run_id);
CREATE INDEX ix_run_list_exp_name         ON run_list (experiment_id, storage_state, display_name, run_id);
CREATE INDEX ix_run_list_exp_run          ON run_list (experiment_id, storage_state, run_id);
CREATE INDEX ix_run_list_exp_state        ON run_list (experiment_id, storage_state, state, run_id);
CREATE INDEX ix_run_list_exp_st_created   ON run_list (experiment_id, storage_state, state, created_at, run_id);
CREATE INDEX ix_run_list_exp_st_finished  ON run_list (experiment_id, storage_state, state, finished_at, run_id);
CREATE INDEX ix_run_list_exp_st_scheduled ON run_list (experiment_id, storage_state, state, scheduled_at, run_id);
CREATE INDEX ix_run_list_exp_st_name      ON run_list (experiment_id, storage_state, state, display_name, run_id);

-- The heavy fields of a run, read only by GetRun.
CREATE TABLE run_detail (
    run_id         VARCHAR(64) NOT NULL,
    pipeline_spec  TEXT,
    runtime_config TEXT,
    plugins_input  TEXT,
    plugins_output TEXT,
    version        BIGINT      NOT NULL,
    CONSTRAINT pk_run_detail PRIMARY KEY (run_id)
);

-- One row per task: GetRun FULL, ListTasks, tasks:findCached. The task column is the whole task as the API renders it.
CREATE TABLE run_task (
    run_id            VARCHAR(64)  NOT NULL,
    task_id           VARCHAR(64)  NOT NULL,
    namespace         VARCHAR(63)  NOT NULL,
    name              VARCHAR(255) NOT NULL,
    display_name      VARCHAR(255) NOT NULL,
    parent_task_id    VARCHAR(64)  NOT NULL,
    type              VARCHAR(32)  NOT NULL,
    state             VARCHAR(32)  NOT NULL,
    cache_fingerprint VARCHAR(255) NOT NULL,
    create_time       BIGINT       NOT NULL,
    end_time          BIGINT       NOT NULL,
    task              TEXT         NOT NULL,
    version           BIGINT       NOT NULL,
    CONSTRAINT pk_run_task PRIMARY KEY (run_id, task_id)
);
CREATE INDEX ix_run_task_parent      ON run_task (run_id, parent_task_id, task_id);
CREATE INDEX ix_run_task_fingerprint ON run_task (namespace, cache_fingerprint, create_time);

-- One row per (run, metric name) with the run's scope columns copied in, for sort_by=metric:<name>. The value is
-- the first one reported under that name (the first report wins); all metrics of a run are in run_list.metrics.
CREATE TABLE run_metric (
    run_id        VARCHAR(64)      NOT NULL,
    name          VARCHAR(64)      NOT NULL,
    node_id       VARCHAR(128)     NOT NULL,
    number_value  DOUBLE PRECISION NOT NULL,
    format        VARCHAR(16)      NOT NULL,
    namespace     VARCHAR(63)      NOT NULL,
    experiment_id VARCHAR(64)      NOT NULL,
    storage_state VARCHAR(32)      NOT NULL,
    CONSTRAINT pk_run_metric PRIMARY KEY (run_id, name)
);
CREATE INDEX ix_run_metric_ns  ON run_metric (namespace, storage_state, name, number_value, run_id);
CREATE INDEX ix_run_metric_exp ON run_metric (experiment_id, storage_state, name, number_value, run_id);

-- Run counts by scope, storage state and state: total_size for the common filters is a sum over a few rows.
CREATE TABLE run_counts (
    namespace     VARCHAR(63) NOT NULL,
    experiment_id VARCHAR(64) NOT NULL,
    storage_state VARCHAR(32) NOT NULL,
    state         VARCHAR(32) NOT NULL,
    run_count     BIGINT      NOT NULL,
    CONSTRAINT pk_run_counts PRIMARY KEY (namespace, experiment_id, storage_state, state)
);
CREATE INDEX ix_run_counts_experiment ON run_counts (experiment_id, storage_state, state);

-- Deleted runs: their rows are gone from the tables above; this keeps the version a client may wait for.
CREATE TABLE run_tombstone (
    run_id     VARCHAR(64) NOT NULL,
    version    BIGINT      NOT NULL,
    deleted_at BIGINT      NOT NULL,
    CONSTRAINT pk_run_tombstone PRIMARY KEY (run_id)
);
