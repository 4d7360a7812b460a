package io.runstore.query.run;

import io.runstore.testsupport.DatabaseKind;

class PostgresRunListerExchangesTest extends RunListerExchangesTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
