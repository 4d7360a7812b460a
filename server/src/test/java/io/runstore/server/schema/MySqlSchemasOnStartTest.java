package io.runstore.server.schema;

import io.runstore.testsupport.DatabaseKind;

class MySqlSchemasOnStartTest extends SchemasOnStartTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
