package io.runstore.server.schema;

import io.runstore.testsupport.DatabaseKind;

class PostgresSchemasOnStartTest extends SchemasOnStartTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
