-- The task name keys (V10) in byte order like the other key columns (V1_1), without a default (the projector always
-- writes them), filled for the existing rows with lower() under the database's default collation (the column's own,
-- "C", folds ASCII only), as V9_1 fills the run names; a task's next event writes the projector's keys again (and a
-- rebuild writes every one).
ALTER TABLE run_task ALTER COLUMN name_key TYPE VARCHAR(255) COLLATE "C",
    ALTER COLUMN name_key DROP DEFAULT,
    ALTER COLUMN display_name_key TYPE VARCHAR(255) COLLATE "C",
    ALTER COLUMN display_name_key DROP DEFAULT;
UPDATE run_task SET name_key = lower(name COLLATE "default"), display_name_key = lower(display_name COLLATE "default");
