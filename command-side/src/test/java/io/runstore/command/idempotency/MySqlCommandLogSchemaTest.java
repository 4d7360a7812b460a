package io.runstore.command.idempotency;

import io.runstore.testsupport.DatabaseKind;

class MySqlCommandLogSchemaTest extends CommandLogSchemaTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
