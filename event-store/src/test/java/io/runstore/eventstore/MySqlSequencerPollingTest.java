package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class MySqlSequencerPollingTest extends SequencerPollingTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
