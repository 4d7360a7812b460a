-- Read tables a later version adds to the run-list projection: the live projector writes them from the moment they
-- exist, and a backfill gives them what the events before that would have written, from position 0, in the
-- background. Until it has caught up the table is BACKFILLING and its reads answer 503 UNAVAILABLE; then READY.
-- The backfill's position is a replay of projection_replay named 'backfill:<table>'.
CREATE TABLE read_table_state (
    table_name VARCHAR(64) NOT NULL,
    state      VARCHAR(16) NOT NULL,
    updated_at BIGINT      NOT NULL,
    CONSTRAINT pk_read_table_state PRIMARY KEY (table_name)
);
-- mlmd_object (V5) is written by the live projector only for the events it applied after V5: older runs have no ML
-- Metadata ids until the backfill has gone through the log.
INSERT INTO read_table_state (table_name, state, updated_at) VALUES ('mlmd_object', 'BACKFILLING', 0);
-- When a process last took up the replay and the lowest lane's position then: events/s and ETA of a replay run by
-- another process, from the database alone.
ALTER TABLE projection_replay ADD COLUMN resumed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projection_replay ADD COLUMN resumed_from BIGINT NOT NULL DEFAULT 0;
