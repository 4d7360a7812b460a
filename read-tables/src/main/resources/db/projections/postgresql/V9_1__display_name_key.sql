-- The name key (V9) in byte order like the other key columns (V1_1), without a default (the projector always writes
-- it), filled for the existing rows; the indexes on display_name go, those on the key serve the name sort. The fill
-- folds with lower() under the database's default collation, as the projector's fold does for every letter a locale
-- other than C knows; a run's next event writes the projector's key again (and a rebuild writes every one).
DROP INDEX ix_run_list_ns_name;
DROP INDEX ix_run_list_ns_st_name;
DROP INDEX ix_run_list_exp_name;
DROP INDEX ix_run_list_exp_st_name;
DROP INDEX ix_experiment_ns_name;
ALTER TABLE run_list ALTER COLUMN display_name_key TYPE VARCHAR(255) COLLATE "C",
    ALTER COLUMN display_name_key DROP DEFAULT;
ALTER TABLE experiment ALTER COLUMN display_name_key TYPE VARCHAR(255) COLLATE "C",
    ALTER COLUMN display_name_key DROP DEFAULT;
UPDATE run_list SET display_name_key = lower(display_name COLLATE "default");
UPDATE experiment SET display_name_key = lower(display_name COLLATE "default");
