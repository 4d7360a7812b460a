-- The publisher's position per Kafka topic: every event up to this position of event_log has been acknowledged by
-- Kafka (acks=all). A publisher resumes after it; pointing it at an earlier position sends the events after that
-- again (a backfill); a topic without a row starts at runstore.publisher.start-position.
CREATE TABLE publisher_position (
    topic      VARCHAR(249) NOT NULL,
    position   BIGINT       NOT NULL,
    updated_at BIGINT       NOT NULL, -- epoch microseconds
    CONSTRAINT pk_publisher_position PRIMARY KEY (topic)
);
