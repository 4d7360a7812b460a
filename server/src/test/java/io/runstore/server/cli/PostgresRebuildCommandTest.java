package io.runstore.server.cli;

import io.runstore.testsupport.DatabaseKind;

class PostgresRebuildCommandTest extends RebuildCommandTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
