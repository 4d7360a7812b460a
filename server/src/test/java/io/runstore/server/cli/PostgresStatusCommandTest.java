package io.runstore.server.cli;

import io.runstore.testsupport.DatabaseKind;

class PostgresStatusCommandTest extends StatusCommandTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
