package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class PostgresRunHistoryTest extends RunHistoryTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
