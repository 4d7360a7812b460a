-- Idempotency: one row per command that carried an Idempotency-Key, written in the same transaction as the
-- command's events. A retry with the same key finds the row and gets the stored result back; a different request
-- under the same key is refused (the fingerprint differs). The primary key settles a retry racing the original.
CREATE TABLE command_log (
    command_id          VARCHAR(255) NOT NULL,
    request_fingerprint CHAR(64)     NOT NULL,
    result_type         VARCHAR(255) NOT NULL,
    result              LONGTEXT     NOT NULL,
    recorded_at         BIGINT       NOT NULL,
    CONSTRAINT pk_command_log PRIMARY KEY (command_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
