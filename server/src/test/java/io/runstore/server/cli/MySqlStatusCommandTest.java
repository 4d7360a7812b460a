package io.runstore.server.cli;

import io.runstore.testsupport.DatabaseKind;

class MySqlStatusCommandTest extends StatusCommandTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
