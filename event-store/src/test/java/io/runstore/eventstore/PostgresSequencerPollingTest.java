package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class PostgresSequencerPollingTest extends SequencerPollingTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
