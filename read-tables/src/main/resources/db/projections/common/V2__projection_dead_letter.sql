-- Events the run-list projector could not apply after its retries, with the reason. The event itself stays in
-- event_log (global_position finds it). While a run has a dead letter, its later events are parked here too, so
-- the run's rows never skip an event; the other runs go on.
CREATE TABLE projection_dead_letter (
    run_id          VARCHAR(64)  NOT NULL,
    sequence_number BIGINT       NOT NULL,
    global_position BIGINT       NOT NULL,
    event_type      VARCHAR(255) NOT NULL,
    reason          TEXT         NOT NULL,
    failed_at       BIGINT       NOT NULL,
    CONSTRAINT pk_projection_dead_letter PRIMARY KEY (run_id, sequence_number)
);
