package io.runstore.server.replay;

import io.runstore.testsupport.DatabaseKind;

class PostgresReplayAdminTest extends ReplayAdminTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
