package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class MySqlGroupCommitTest extends GroupCommitTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
