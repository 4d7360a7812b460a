package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class MySqlSequencerBacklogTest extends SequencerBacklogTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
