package io.runstore.command.idempotency;

import io.runstore.testsupport.DatabaseKind;

class PostgresCommandLogSchemaTest extends CommandLogSchemaTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
