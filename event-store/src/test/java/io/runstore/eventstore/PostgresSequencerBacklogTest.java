package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class PostgresSequencerBacklogTest extends SequencerBacklogTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
