-- Run counts of a whole namespace by storage state and state: total_size of a namespace is a sum over a few rows of
-- one key range, however many experiments the namespace has (run_counts has a row per experiment, storage state and
-- state). The projector moves both tables in the same transaction; the rows start as run_counts' sums.
CREATE TABLE run_namespace_counts (
    namespace     VARCHAR(63) NOT NULL,
    storage_state VARCHAR(32) NOT NULL,
    state         VARCHAR(32) NOT NULL,
    run_count     BIGINT      NOT NULL,
    CONSTRAINT pk_run_namespace_counts PRIMARY KEY (namespace, storage_state, state)
);
INSERT INTO run_namespace_counts (namespace, storage_state, state, run_count)
SELECT namespace, storage_state, state, SUM(run_count) FROM run_counts
GROUP BY namespace, storage_state, state;
