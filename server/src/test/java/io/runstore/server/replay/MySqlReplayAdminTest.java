package io.runstore.server.replay;

import io.runstore.testsupport.DatabaseKind;

class MySqlReplayAdminTest extends ReplayAdminTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
