package io.runstore.query.run;

import io.runstore.testsupport.DatabaseKind;

class MySqlRunListerExchangesTest extends RunListerExchangesTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
