-- The rows waiting for a position, in the order the sequencer numbers them: a pass reads its batch off the front of
-- this index. Without it, a pass over a backlog read the whole backlog (the unique index on position finds the NULLs,
-- not in id order: they were sorted) or every numbered row before it (the primary key in id order, filtered): 233
-- positions/s with 4.5 million waiting. Partial: only rows without a position are in it, so it stays small.
CREATE INDEX ix_event_log_unsequenced ON event_log (id) WHERE position IS NULL;
