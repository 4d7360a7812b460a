package io.runstore.query.run;

import io.runstore.testsupport.DatabaseKind;

class MySqlRunListerPlanTest extends RunListerPlanTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
