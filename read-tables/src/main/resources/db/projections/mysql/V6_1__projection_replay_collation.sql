-- As the other read tables (V1_1): utf8mb4, byte-order comparison.
ALTER TABLE projection_replay CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE projection_replay_lane CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE projection_gate CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
