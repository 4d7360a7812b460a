-- Byte-order comparison, as every other read table (V1_1).
ALTER TABLE mlmd_object CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
