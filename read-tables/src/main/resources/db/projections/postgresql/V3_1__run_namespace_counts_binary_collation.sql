-- Byte-order comparison of the key columns, as every other read table (V1_1).
ALTER TABLE run_namespace_counts
    ALTER COLUMN namespace TYPE VARCHAR(63) COLLATE "C",
    ALTER COLUMN storage_state TYPE VARCHAR(32) COLLATE "C",
    ALTER COLUMN state TYPE VARCHAR(32) COLLATE "C";
