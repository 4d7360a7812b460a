package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class MySqlEventLogReaderTest extends EventLogReaderTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
