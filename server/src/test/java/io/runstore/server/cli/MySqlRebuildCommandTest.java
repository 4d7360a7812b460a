package io.runstore.server.cli;

import io.runstore.testsupport.DatabaseKind;

class MySqlRebuildCommandTest extends RebuildCommandTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
