-- Replays of the event log into read tables (rebuild into shadow tables, repair of the live ones). A replay's lanes
-- each own the runs that hash to them; a lane's position is committed in the same transaction as the rows it wrote,
-- so a replay killed at any moment continues from there and applies every event exactly once.
CREATE TABLE projection_replay (
    replay_name VARCHAR(64) NOT NULL,
    phase       VARCHAR(32) NOT NULL,
    lanes       INTEGER     NOT NULL,
    start_at    BIGINT      NOT NULL,
    target      BIGINT      NOT NULL,
    started_at  BIGINT      NOT NULL,
    updated_at  BIGINT      NOT NULL,
    CONSTRAINT pk_projection_replay PRIMARY KEY (replay_name)
);
CREATE TABLE projection_replay_lane (
    replay_name VARCHAR(64) NOT NULL,
    lane        INTEGER     NOT NULL,
    position    BIGINT      NOT NULL,
    CONSTRAINT pk_projection_replay_lane PRIMARY KEY (replay_name, lane)
);
-- The live projector takes its projection's row here FOR SHARE at the start of each batch; the switch of a rebuild
-- takes it FOR UPDATE to hold the projector (waiting for the batches in flight) while it swaps the tables.
CREATE TABLE projection_gate (
    projection VARCHAR(64) NOT NULL,
    CONSTRAINT pk_projection_gate PRIMARY KEY (projection)
);
INSERT INTO projection_gate (projection) VALUES ('run-list');
