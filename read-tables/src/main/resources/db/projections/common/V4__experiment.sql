-- One row per experiment (KFP v2beta1 Experiment), written by the run-list projector from the experiment's events.
-- A deleted experiment keeps its row with storage_state DELETED (never listed or returned) so that its version, which
-- read-your-writes waits for, stays readable.
CREATE TABLE experiment (
    experiment_id       VARCHAR(64)  NOT NULL,
    namespace           VARCHAR(63)  NOT NULL,
    display_name        VARCHAR(255) NOT NULL,
    description         TEXT         NOT NULL,
    created_at          BIGINT       NOT NULL,
    storage_state       VARCHAR(32)  NOT NULL,
    version             BIGINT       NOT NULL,
    CONSTRAINT pk_experiment PRIMARY KEY (experiment_id)
);
CREATE INDEX ix_experiment_ns_created ON experiment (namespace, storage_state, created_at, experiment_id);
CREATE INDEX ix_experiment_ns_name    ON experiment (namespace, storage_state, display_name, experiment_id);
