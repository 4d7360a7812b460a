package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class PostgresGroupCommitTest extends GroupCommitTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
