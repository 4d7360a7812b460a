-- Axon's JdbcEventStorageEngine tables with snake_case names and LONGBLOB payloads.
CREATE TABLE domain_event_entry (
    global_index         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_identifier     VARCHAR(255) NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              LONGBLOB     NOT NULL,
    meta_data            LONGBLOB,
    CONSTRAINT uq_domain_event_entry_event UNIQUE (event_identifier),
    CONSTRAINT uq_domain_event_entry_aggregate UNIQUE (aggregate_identifier, sequence_number)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              LONGBLOB     NOT NULL,
    meta_data            LONGBLOB,
    PRIMARY KEY (aggregate_identifier, sequence_number),
    CONSTRAINT uq_snapshot_event_entry_event UNIQUE (event_identifier)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          LONGBLOB,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
