-- As the other read tables (V1_1): utf8mb4, byte-order comparison.
ALTER TABLE read_table_state CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
