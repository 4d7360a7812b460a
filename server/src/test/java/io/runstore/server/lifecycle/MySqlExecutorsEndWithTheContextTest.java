package io.runstore.server.lifecycle;

import io.runstore.testsupport.DatabaseKind;

class MySqlExecutorsEndWithTheContextTest extends ExecutorsEndWithTheContextTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
