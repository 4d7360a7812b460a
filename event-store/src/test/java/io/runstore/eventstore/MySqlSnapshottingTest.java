package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class MySqlSnapshottingTest extends SnapshottingTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
