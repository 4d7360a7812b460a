-- The publisher's position per Kafka topic: every event up to this position of event_log has been acknowledged by
-- Kafka (acks=all). A publisher resumes after it; pointing it at an earlier position sends the events after that
-- again (a backfill); a topic without a row starts at runstore.publisher.start-position.
-- Topic names are case-sensitive in Kafka: compared byte by byte here too.
CREATE TABLE publisher_position (
    topic      VARCHAR(249) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    position   BIGINT       NOT NULL,
    updated_at BIGINT       NOT NULL, -- epoch microseconds
    CONSTRAINT pk_publisher_position PRIMARY KEY (topic)
);
