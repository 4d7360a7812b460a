-- Byte-order comparison of the key columns, as every other read table (V1_1).
ALTER TABLE mlmd_object
    ALTER COLUMN run_id TYPE VARCHAR(64) COLLATE "C",
    ALTER COLUMN task_id TYPE VARCHAR(64) COLLATE "C";
