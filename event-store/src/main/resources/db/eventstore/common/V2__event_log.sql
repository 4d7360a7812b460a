-- The event log of runstore's own storage engine (io.runstore.eventstore), replacing Axon's
-- domain_event_entry / snapshot_event_entry of V1 (token_entry of V1 stays: Axon's processors keep their tokens there).
-- Portable DDL: the same statements run on PostgreSQL and MySQL/MariaDB; vendor-only adjustments (identity /
-- auto-increment, long text, binary collation) follow in V2_1 under postgresql/ and mysql/.
-- Plain SQL reads it: payload and metadata are JSON text, timestamps are epoch microseconds (UTC).

-- One row per event. A row is inserted with position NULL in the command's transaction; after it commits, the
-- sequencer gives it the next dense position (in the order of id among the committed rows), so that a reader
-- following "position > last" never passes an event that is still to commit.
CREATE TABLE event_log (
    id               BIGINT       NOT NULL,  -- insert order (identity / auto-increment): the sequencer's work order
    position         BIGINT,                 -- global position: 1, 2, 3, ... without gaps; NULL until sequenced
    run_id           VARCHAR(255) NOT NULL,  -- the stream (aggregate) id; an event outside any aggregate uses its own id
    sequence_number  BIGINT       NOT NULL,  -- 0, 1, 2, ... within the run
    event_id         VARCHAR(255) NOT NULL,
    aggregate_type   VARCHAR(255),           -- NULL for an event outside any aggregate
    payload_type     VARCHAR(255) NOT NULL,
    payload_revision VARCHAR(255),
    payload          TEXT         NOT NULL,  -- JSON
    metadata         TEXT         NOT NULL,  -- JSON object
    occurred_at      BIGINT       NOT NULL,  -- epoch microseconds, UTC
    command_id       VARCHAR(255),           -- metadata "commandId": the command that produced the event
    CONSTRAINT pk_event_log PRIMARY KEY (id),
    CONSTRAINT uq_event_log_position UNIQUE (position),
    CONSTRAINT uq_event_log_run_sequence UNIQUE (run_id, sequence_number),
    CONSTRAINT uq_event_log_event UNIQUE (event_id)
);
CREATE INDEX ix_event_log_command ON event_log (command_id);

-- The newest snapshot of a run (one row per run, replaced by newer ones).
CREATE TABLE event_snapshot (
    run_id           VARCHAR(255) NOT NULL,
    sequence_number  BIGINT       NOT NULL,  -- of the last event the snapshot includes
    event_id         VARCHAR(255) NOT NULL,
    aggregate_type   VARCHAR(255) NOT NULL,
    payload_type     VARCHAR(255) NOT NULL,
    payload_revision VARCHAR(255),
    payload          TEXT         NOT NULL,
    metadata         TEXT         NOT NULL,
    occurred_at      BIGINT       NOT NULL,
    CONSTRAINT pk_event_snapshot PRIMARY KEY (run_id)
);

-- The sequencer's lock: one row, locked FOR UPDATE by the one sequencer (of any process) that assigns positions.
CREATE TABLE event_sequencer (
    id INTEGER NOT NULL,
    CONSTRAINT pk_event_sequencer PRIMARY KEY (id)
);
