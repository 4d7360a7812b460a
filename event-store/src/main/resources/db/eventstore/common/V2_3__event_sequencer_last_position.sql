-- The last position given, kept in the sequencer's lock row: a group commit then takes the lock and its positions in
-- one UPDATE, instead of a locking read, a max() over event_log and the insert. Every writer of positions (the
-- sequencer, group commit) holds this row's lock and moves last_position with the positions it gives.
ALTER TABLE event_sequencer ADD COLUMN last_position BIGINT DEFAULT 0 NOT NULL;
UPDATE event_sequencer SET last_position = (SELECT COALESCE(MAX(position), 0) FROM event_log) WHERE id = 1;
