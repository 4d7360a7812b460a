-- The name key (V9) in byte order like the other key columns (V1_1), without a default (the projector always writes
-- it), filled for the existing rows; the indexes on display_name go, those on the key serve the name sort. LOWER()
-- folds by the character set's case mapping, as the projector's fold does; a run's next event writes the projector's
-- key again (and a rebuild writes every one).
ALTER TABLE run_list DROP INDEX ix_run_list_ns_name, DROP INDEX ix_run_list_ns_st_name,
    DROP INDEX ix_run_list_exp_name, DROP INDEX ix_run_list_exp_st_name,
    MODIFY display_name_key VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
ALTER TABLE experiment DROP INDEX ix_experiment_ns_name,
    MODIFY display_name_key VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
UPDATE run_list SET display_name_key = LOWER(display_name);
UPDATE experiment SET display_name_key = LOWER(display_name);
