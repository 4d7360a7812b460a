package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class MySqlRunHistoryTest extends RunHistoryTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
