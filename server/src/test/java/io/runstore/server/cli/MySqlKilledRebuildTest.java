package io.runstore.server.cli;

import io.runstore.testsupport.DatabaseKind;

class MySqlKilledRebuildTest extends KilledRebuildTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
