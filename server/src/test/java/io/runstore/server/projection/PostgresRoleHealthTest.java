package io.runstore.server.projection;

import io.runstore.testsupport.DatabaseKind;

class PostgresRoleHealthTest extends RoleHealthTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
