package io.runstore.server.projection;

import io.runstore.testsupport.DatabaseKind;

class PostgresProjectionHealthFailureTest extends ProjectionHealthFailureTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
