package io.runstore.server.cli;

import io.runstore.testsupport.DatabaseKind;

class PostgresKilledRebuildTest extends KilledRebuildTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
