package io.runstore.server.lifecycle;

import io.runstore.testsupport.DatabaseKind;

class PostgresExecutorsEndWithTheContextTest extends ExecutorsEndWithTheContextTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
