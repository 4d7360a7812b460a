-- Byte-order comparison, as every other read table (V1_1).
ALTER TABLE run_namespace_counts CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
