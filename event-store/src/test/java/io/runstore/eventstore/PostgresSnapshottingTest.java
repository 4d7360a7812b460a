package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class PostgresSnapshottingTest extends SnapshottingTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
