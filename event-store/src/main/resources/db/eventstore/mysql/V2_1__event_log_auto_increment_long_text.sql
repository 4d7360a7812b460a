-- Insert order from AUTO_INCREMENT; JSON texts beyond 64 KB; ids compared byte by byte (case-sensitive), as on
-- PostgreSQL.
ALTER TABLE event_log CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE event_log
    MODIFY id BIGINT NOT NULL AUTO_INCREMENT,
    MODIFY payload LONGTEXT NOT NULL,
    MODIFY metadata LONGTEXT NOT NULL;
ALTER TABLE event_snapshot CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE event_snapshot
    MODIFY payload LONGTEXT NOT NULL,
    MODIFY metadata LONGTEXT NOT NULL;
