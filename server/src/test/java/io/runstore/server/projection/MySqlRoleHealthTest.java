package io.runstore.server.projection;

import io.runstore.testsupport.DatabaseKind;

class MySqlRoleHealthTest extends RoleHealthTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
