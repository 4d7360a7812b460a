-- Name filters and the name sort compare case-insensitively, as KFP's MySQL install does (its tables take the
-- server's default collation, utf8mb4_0900_ai_ci on MySQL 8): display_name_key holds the name case-folded
-- (io.runstore.readtables.NameKey, written by the projector), compared and ordered in byte order like every other key
-- column, so both databases filter, sort and page by name the same way and the name sort stays one range scan of an
-- index, now one on the key. The vendor scripts (V9_1) set the key's collation, fill it for the existing rows and drop
-- the indexes on display_name (dropping an index is not portable).
ALTER TABLE run_list ADD COLUMN display_name_key VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE experiment ADD COLUMN display_name_key VARCHAR(255) NOT NULL DEFAULT '';
CREATE INDEX ix_run_list_ns_name_key     ON run_list (namespace, storage_state, display_name_key, run_id);
CREATE INDEX ix_run_list_ns_st_name_key  ON run_list (namespace, storage_state, state, display_name_key, run_id);
CREATE INDEX ix_run_list_exp_name_key    ON run_list (experiment_id, storage_state, display_name_key, run_id);
CREATE INDEX ix_run_list_exp_st_name_key ON run_list (experiment_id, storage_state, state, display_name_key, run_id);
CREATE INDEX ix_experiment_ns_name_key   ON experiment (namespace, storage_state, display_name_key, experiment_id);
