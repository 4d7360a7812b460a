package io.runstore.server.projection;

import io.runstore.testsupport.DatabaseKind;

class MySqlProjectionHealthFailureTest extends ProjectionHealthFailureTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
