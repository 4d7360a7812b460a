package io.runstore.server.command;

import io.runstore.testsupport.DatabaseKind;

class PostgresMalformedInputPropertyTest extends MalformedInputPropertyTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
