-- The sequencer's lock row.
INSERT INTO event_sequencer (id) VALUES (1);
