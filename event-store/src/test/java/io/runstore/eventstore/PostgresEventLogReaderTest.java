package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class PostgresEventLogReaderTest extends EventLogReaderTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
