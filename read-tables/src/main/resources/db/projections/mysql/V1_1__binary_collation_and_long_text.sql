-- Byte-order comparison and sorting, as on PostgreSQL with COLLATE "C"; texts that can exceed 64 KB.
ALTER TABLE run_list CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE run_list MODIFY state_history MEDIUMTEXT NOT NULL;
ALTER TABLE run_detail CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE run_detail MODIFY pipeline_spec LONGTEXT, MODIFY runtime_config LONGTEXT,
    MODIFY plugins_input LONGTEXT, MODIFY plugins_output LONGTEXT;
ALTER TABLE run_task CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE run_task MODIFY task LONGTEXT NOT NULL;
ALTER TABLE run_metric CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE run_counts CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE run_tombstone CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
