package io.runstore.server.command;

import io.runstore.testsupport.DatabaseKind;

class MySqlMalformedInputPropertyTest extends MalformedInputPropertyTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
