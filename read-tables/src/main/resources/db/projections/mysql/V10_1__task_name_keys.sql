-- The task name keys (V10) in byte order like the other key columns (V1_1), without a default (the projector always
-- writes them), filled for the existing rows with LOWER() (the character set's case mapping, as the projector's fold);
-- a task's next event writes the projector's keys again (and a rebuild writes every one).
ALTER TABLE run_task MODIFY name_key VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY display_name_key VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
UPDATE run_task SET name_key = LOWER(name), display_name_key = LOWER(display_name);
